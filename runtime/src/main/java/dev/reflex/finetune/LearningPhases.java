package dev.reflex.finetune;

import dev.reflex.learning.Learner;

/**
 * The on-board learner's phase machine and the guard's verdicts on its actor.
 *
 * <p>Phases: the starting actor's <b>baseline</b> (the mean return of its first {@code
 * baselineEpisodes} exploring episodes, or with evaluation phases its first noise-free evaluation),
 * the critic's <b>warm-up</b> ({@link CriticWarmup}: critic-only updates, the actor frozen; updates
 * run through both once the replay buffer holds enough), then <b>learning</b> (critic and actor).
 * With evaluation phases ({@link EvaluationSchedule}) learning alternates with noise-free
 * <b>evaluations</b>, during which nothing is updated and exploring is suspended; <b>paused</b> by
 * command, nothing is updated and no evaluation starts or is judged.
 *
 * <p>Verdicts ({@link ActorGuard}): without evaluations each learning episode is judged by its
 * running return ({@link ActorGuard.Running}), with them each evaluation by its mean ({@link
 * ActorGuard.Evaluated}) or its pairs ({@link ActorGuard.Paired}). A better actor becomes the last
 * good one; a worse one is rolled back ({@link Rollbacks}).
 *
 * <p>Real-time: {@link #episodeEnded} allocates only for events. Threading: learner thread only,
 * except {@link #paused} and {@link #requestEvaluation} (any thread).
 */
final class LearningPhases {
  private final int baselineEpisodes;
  private final Learner learner;
  private final ReturnGuard guard;
  private final PairedGuard pairs;
  private final ActorGuard running;
  private final ActorGuard evaluated;
  private final ActorGuard paired;
  private final EvaluationSchedule evaluation;
  private final CriticWarmup warmup;
  private final Exploration exploration;
  private final LearnerSnapshot lastGood;
  private final ActorPublication publication;
  private final Rollbacks rollbacks;
  private final LearningProgress progress;
  private final LearningListener listener;
  private boolean baselineDone;
  private double baselineSum;
  private int baselineCount;
  private volatile boolean paused;

  /**
   * Starts in the baseline phase; with evaluation phases its evaluation begins here.
   *
   * @param pairs the paired guard, or null for the unpaired one
   * @param exploration suspended during evaluations; may be null
   * @param progress its phase fields. Modified.
   */
  LearningPhases(
      int baselineEpisodes,
      Learner learner,
      ReturnGuard guard,
      PairedGuard pairs,
      EvaluationSchedule evaluation,
      CriticWarmup warmup,
      Exploration exploration,
      LearnerSnapshot lastGood,
      ActorPublication publication,
      Rollbacks rollbacks,
      LearningProgress progress,
      LearningListener listener) {
    this.baselineEpisodes = baselineEpisodes;
    this.learner = learner;
    this.guard = guard;
    this.pairs = pairs;
    this.running = new ActorGuard.Running(guard);
    this.evaluated = new ActorGuard.Evaluated(guard);
    this.paired = pairs != null ? new ActorGuard.Paired(pairs) : null;
    this.evaluation = evaluation;
    this.warmup = warmup;
    this.exploration = exploration;
    this.lastGood = lastGood;
    this.publication = publication;
    this.rollbacks = rollbacks;
    this.progress = progress;
    this.listener = listener;
    if (evaluation.enabled()) {
      beginEvaluation(); // the first evaluation is the starting actor's baseline
    }
  }

  /** True once the actor learns (baseline measured, critic warmed up). */
  boolean actorLearning() {
    return baselineDone && warmup.done();
  }

  /** True while the actor is evaluated (nothing is updated). */
  boolean evaluating() {
    return evaluation.evaluating();
  }

  /** True when the next episode is the second of a pair (from the first one's reset state). */
  boolean nextEpisodeRepeatsResetState() {
    return evaluation.nextRepeatsResetState();
  }

  /** An evaluation after the current episode (with evaluation phases). Any thread. */
  void requestEvaluation() {
    evaluation.request();
  }

  /** Pauses or resumes updates and verdicts (learner thread: a command applied). */
  void setPaused(boolean paused) {
    this.paused = paused;
  }

  /** True while paused. Any thread. */
  boolean paused() {
    return paused;
  }

  /** An episode ended with return {@code ret}: the phase machine's step. */
  void episodeEnded(double ret) {
    if (evaluation.enabled()) {
      evaluatingEpisodeEnded(ret);
      return;
    }
    if (!baselineDone) {
      baselineSum += ret;
      baselineCount++;
      if (baselineCount >= baselineEpisodes) {
        baselineDone = true;
        guard.setBaseline(baselineSum / baselineCount);
        listener.event(
            "baseline",
            "starting actor's return over " + baselineCount + " episodes",
            guard.baseline());
      }
      return;
    }
    if (actorLearning()) {
      act(running, ret);
    }
  }

  /** Baseline, then learning episodes and noise-free evaluations in turn. */
  private void evaluatingEpisodeEnded(double ret) {
    if (paused && baselineDone) {
      // paused by the operator: the actor stays as it is, no verdicts, no rollbacks
      if (evaluation.evaluating()) {
        endEvaluation();
      }
      return;
    }
    switch (evaluation.episodeEnded(ret, actorLearning())) {
      case EvaluationSchedule.BEGIN -> beginEvaluation();
      case EvaluationSchedule.FINISHED -> finishEvaluation(evaluation.mean());
      default -> {
        if (evaluation.paired()) {
          publication.offer(); // the other actor of the pair is in control next
        }
      }
    }
  }

  /**
   * Freezes the actor (no updates while evaluating), publishes it and suspends exploring for the
   * next {@code evalEpisodes} episodes. The learner sees an episode's end within one poll of the
   * control thread reaching it; with a reset routine the switch is in place before the next episode
   * starts, without one the first ticks of the first evaluation episode may still carry noise.
   */
  private void beginEvaluation() {
    evaluation.begin(baselineDone ? pairs : null);
    if (exploration != null) {
      exploration.setSuspended(true);
    }
    if (progress.actorVersion > 0 || learner.actorUpdates() > 0 || evaluation.paired()) {
      publication.offer();
    }
    progress.evaluating = true;
  }

  private void endEvaluation() {
    evaluation.end();
    progress.evaluating = false;
    if (exploration != null) {
      exploration.setSuspended(false);
    }
  }

  private void finishEvaluation(double mean) {
    endEvaluation();
    progress.evalReturn = mean;
    progress.evaluations++;
    if (!baselineDone) {
      baselineDone = true;
      guard.setBaseline(mean);
      lastGood.capture();
      listener.event(
          "baseline",
          "starting actor's return over " + evaluation.count() + " noise-free episodes",
          guard.baseline());
    } else if (evaluation.paired()) {
      if (act(paired, mean) != ActorGuard.Verdict.ROLL_BACK) {
        publication.offer(); // a rollback has published the restored actor already
      }
    } else {
      act(evaluated, mean);
    }
  }

  /** Judges the current actor and acts on the verdict. */
  private ActorGuard.Verdict act(ActorGuard judge, double ret) {
    ActorGuard.Verdict v = judge.judge(ret);
    switch (v) {
      case BEST -> {
        if (learner.allFinite()) {
          lastGood.capture();
          listener.event("best", judge.bestMessage(), judge.bestValue(ret));
        }
      }
      case ROLL_BACK -> {
        String message = judge.rollbackMessage(ret);
        if (judge.rollsBackCritics()) {
          rollbacks.toLastGood(message);
        } else {
          rollbacks.actorToLastGood(message);
        }
      }
      case KEEP -> {
        String message = judge.keepMessage();
        if (message != null) {
          listener.event("evaluation", message, ret);
        }
      }
    }
    return v;
  }
}
