package dev.reflex.finetune;

import dev.reflex.learning.Learner;
import dev.reflex.learning.ReplayBuffer;

/**
 * One learner update of the on-board learner, and its check: a critic-only update while the critic
 * warms up ({@link Learner#updateCriticsOnly}, the actor frozen), else the full DDPG/TD3 update at
 * the warm-up's ramped actor rate; then a rollback to the last good snapshot when a loss this
 * update produced (or, every 64 updates, any weight) is not finite, and the actor's publication
 * every {@code publishEveryActorUpdates}.
 *
 * <p>A resumed learner's actor-update count comes from its checkpoint, its last actor loss does not
 * (NaN until this run's first actor step): the actor loss is judged only after an update that
 * stepped the actor here.
 *
 * <p>Real-time: allocation-free except for events. Threading: learner thread only.
 */
final class UpdateStep {
  private final Learner learner;
  private final ReplayBuffer replay;
  private final CriticWarmup warmup;
  private final Rollbacks rollbacks;
  private final ActorPublication publication;
  private final LearningProgress progress;
  private final LearningListener listener;
  private final long failAfterUpdates;
  private final int minReplay;
  private long updatesThisRun;

  /**
   * @param progress its update count. Modified.
   * @param failAfterUpdates test hook: throw after this many updates of this run (0: never)
   * @param minReplay transitions the replay buffer holds before any update (≥ the batch size)
   */
  UpdateStep(
      Learner learner,
      ReplayBuffer replay,
      CriticWarmup warmup,
      Rollbacks rollbacks,
      ActorPublication publication,
      LearningProgress progress,
      LearningListener listener,
      long failAfterUpdates,
      int minReplay) {
    this.learner = learner;
    this.replay = replay;
    this.warmup = warmup;
    this.rollbacks = rollbacks;
    this.publication = publication;
    this.progress = progress;
    this.listener = listener;
    this.failAfterUpdates = failAfterUpdates;
    this.minReplay = minReplay;
  }

  /**
   * A poll's updates: when updates are allowed (not paused, not evaluating, {@code minReplay}
   * transitions in the replay buffer) the budget earns and updates run while it allows them, the
   * first failed check dropping the rest; otherwise the budget is dropped.
   *
   * @param budget earned, spent or dropped. Modified.
   * @param phases asked before each update whether the actor learns yet
   * @return the updates run
   */
  int runWithin(UpdateBudget budget, LearningPhases phases, long nowNs, int drained) {
    int updates = 0;
    if (!phases.paused() && !phases.evaluating() && replay.size() >= minReplay) {
      budget.earn(nowNs, drained);
      while (budget.allows(updates)) {
        if (!run(phases.actorLearning())) {
          budget.drop();
          break;
        }
        budget.spend();
        updates++;
      }
    } else {
      budget.drop();
    }
    budget.endPoll(nowNs);
    return updates;
  }

  /**
   * @param actorLearning false: critic only (warm-up, or the baseline not measured yet)
   * @return false when it had to roll back (the caller drops the rest of the poll's budget)
   */
  boolean run(boolean actorLearning) {
    long actorStepsBefore = learner.actorUpdates();
    if (actorLearning) {
      warmup.beforeActorUpdate(learner.actorOptimizer());
      learner.update(replay);
    } else {
      learner.updateCriticsOnly(replay);
      if (warmup.criticUpdated(learner.lastCriticLoss())) {
        listener.event(
            "warmup-done", "critic warmed up; the actor starts learning", warmup.updates());
      }
    }
    progress.updates++;
    updatesThisRun++;
    boolean actorStepped = learner.actorUpdates() != actorStepsBefore;
    boolean finite =
        Double.isFinite(learner.lastCriticLoss())
            && (!actorStepped || Double.isFinite(learner.lastActorLoss()));
    if (finite && (progress.updates & 63) == 0) {
      finite = learner.allFinite();
    }
    if (!finite) {
      rollbacks.toLastGood("non-finite loss or weights; restored the last good actor");
      return false;
    }
    if (failAfterUpdates > 0 && updatesThisRun >= failAfterUpdates) {
      throw new IllegalStateException(
          "injected learner fault after "
              + updatesThisRun
              + " updates (test hook reflex.test.learner-fails-after-updates)");
    }
    publication.afterUpdate();
    return true;
  }
}
