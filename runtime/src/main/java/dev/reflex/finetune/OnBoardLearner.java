package dev.reflex.finetune;

import dev.reflex.learning.Learner;
import dev.reflex.learning.ReplayBuffer;
import dev.reflex.loop.SpscRing;
import dev.reflex.loop.StepRecord;
import dev.reflex.loop.TickFlags;
import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * The work of the board's learner thread, one {@link #poll} at a time: drain the control thread's
 * step records into transitions (reward from config, episodes from config), fill the replay buffer,
 * run DDPG/TD3 updates within the budget, publish the actor to the control thread, guard against
 * regressions and non-finite numbers with rollbacks, and checkpoint on a period.
 *
 * <p>Phases: until {@code minReplay} transitions nothing is updated; then the critic is warmed up
 * (critic-only updates, actor frozen) while the starting actor's baseline return is measured; then
 * critic and actor learn together.
 *
 * <p>Real-time: not a real-time thread; {@link #poll} allocates nothing in steady state except for
 * events and checkpoints. Threading: learner thread only, except the command methods ({@link
 * #pause}, {@link #resume}, {@link #requestCheckpoint}, {@link #requestRollback}) which any thread
 * may call; they go through a {@link LearnerCommands} queue and take effect in order at the next
 * poll.
 *
 * <p>A learner resumed from its own checkpoint ({@link #continueFrom}) judges only numbers this run
 * produced: the baseline is measured again, the finite-loss check looks at the actor loss only
 * after this run's own actor step, and version numbering continues from the checkpoint's.
 */
public final class OnBoardLearner {
  private static final int MAX_UPDATES_PER_POLL = 64;
  private static final int SKIP_FLAGS =
      TickFlags.FAULTED
          | TickFlags.HOLD
          | TickFlags.SENSOR_FAILED
          | TickFlags.SENSOR_STALE
          | TickFlags.STOP
          | TickFlags.WRITE_FAILED;

  private final OnBoardLearnerOptions opt;
  private final Learner learner;
  private final ReplayBuffer replay;
  private final SpscRing steps;
  private final RewardFunction reward;
  private final EpisodeTracker episodes;
  private final ReturnGuard guard;
  private final ActorPublisher publisher;
  private final LearningListener listener;
  private final CheckpointSink checkpoints;
  private final LongSupplier nanoClock;
  private final Exploration exploration;
  private final LearnerSnapshot lastGood;
  private final ActorHistory history;
  private final LearningProgress progress = new LearningProgress();

  private final int obsSize;
  private final int actSize;
  private final int actOffset;
  private double[] prev;
  private double[] cur;
  private boolean havePrev;
  private final double[] obs;
  private final double[] act;
  private final double[] nextObs;
  private final double[] obsN;
  private final double[] actS;
  private final double[] nextObsN;

  private final EvaluationSchedule evaluation;
  private final PairedGuard paired;
  private final dev.reflex.network.Mlp incumbent;
  private boolean baselineDone;
  private double baselineSum;
  private int baselineCount;
  private final CriticWarmup warmup;
  private double budget;
  private long lastBudgetNs;
  private long lastPublishedActorUpdate;
  private boolean publishPending;
  private long lastCheckpointNs;
  private long lastReportNs;

  private volatile boolean paused;
  private final LearnerCommands commands = new LearnerCommands();
  private long updatesThisRun;

  /** Wires the learner; see the class comment for the phases. */
  public OnBoardLearner(
      OnBoardLearnerOptions options,
      Learner learner,
      ReplayBuffer replay,
      SpscRing steps,
      StepRecord layout,
      RewardFunction reward,
      EpisodeTracker episodes,
      ReturnGuard guard,
      ActorPublisher publisher,
      Exploration exploration,
      CheckpointSink checkpoints,
      LearningListener listener,
      LongSupplier nanoClock,
      boolean resumedFromCheckpoint) {
    this.opt = options;
    this.learner = learner;
    this.replay = replay;
    this.steps = steps;
    this.reward = reward;
    this.episodes = episodes;
    this.guard = guard;
    this.publisher = publisher;
    this.exploration = exploration;
    this.checkpoints = checkpoints;
    this.listener = listener;
    this.nanoClock = nanoClock;
    this.obsSize = layout.observationSize();
    this.actSize = layout.actionSize();
    this.actOffset = layout.actionOffset();
    if (learner.obsSize() != obsSize || learner.actSize() != actSize) {
      throw new IllegalArgumentException(
          "learner is "
              + learner.obsSize()
              + "→"
              + learner.actSize()
              + " but the loop records "
              + obsSize
              + "→"
              + actSize);
    }
    prev = new double[layout.width()];
    cur = new double[layout.width()];
    obs = new double[obsSize];
    act = new double[actSize];
    nextObs = new double[obsSize];
    obsN = new double[obsSize];
    actS = new double[actSize];
    nextObsN = new double[obsSize];
    if (opt.behaviourCloningWeight > 0) { // μ₀: the actor this run starts from
      learner.anchorBehaviourCloning(opt.behaviourCloningWeight, opt.behaviourCloningHalfLife);
    }
    lastGood = new LearnerSnapshot(learner);
    lastGood.capture();
    history = new ActorHistory(learner, 8);
    warmup =
        new CriticWarmup(opt.criticWarmupUpdates, opt.criticWarmupSettle, opt.actorRampUpdates);
    if (resumedFromCheckpoint) {
      warmup.skip();
    }
    long now = nanoClock.getAsLong();
    lastBudgetNs = now;
    lastCheckpointNs = now;
    lastReportNs = now;
    evaluation = new EvaluationSchedule(opt.evalEveryEpisodes, Math.max(1, opt.evalEpisodes));
    paired =
        opt.evalPromoteLevel > 0
            ? new PairedGuard(opt.evalEpisodes, opt.evalPromoteLevel, opt.evalRollbackLevel)
            : null;
    incumbent = paired != null ? learner.actor().copyShape() : null;
    if (evaluationPhases()) {
      beginEvaluation(); // the first evaluation is the starting actor's baseline
    }
  }

  private boolean evaluationPhases() {
    return evaluation.enabled();
  }

  /**
   * One pass of the learner thread.
   *
   * @return how much work was done (records drained + updates run); 0 means the caller may idle
   */
  public int poll() {
    int drained = drain();
    int updates = 0;
    long now = nanoClock.getAsLong();
    handleRequests();
    if (!paused
        && !evaluation.evaluating()
        && replay.size() >= Math.max(opt.minReplay, learner.options().batchSize)) {
      if (opt.updatesPerSecond > 0) {
        budget += opt.updatesPerSecond * (now - lastBudgetNs) * 1e-9;
      } else {
        budget += opt.updatesPerTransition * drained;
      }
      budget = Math.min(budget, 4 * MAX_UPDATES_PER_POLL);
      while (budget >= 1 && updates < MAX_UPDATES_PER_POLL) {
        if (!update()) {
          break;
        }
        budget -= 1;
        updates++;
      }
    } else {
      budget = 0;
    }
    lastBudgetNs = now;
    if (publishPending) {
      publish();
    }
    if (opt.checkpointPeriodS > 0
        && now - lastCheckpointNs >= (long) (opt.checkpointPeriodS * 1e9)) {
      checkpoint("periodic");
      lastCheckpointNs = now;
    }
    if (now - lastReportNs >= 100_000_000L || drained + updates == 0) {
      report();
      lastReportNs = now;
    }
    return drained + updates;
  }

  private int drain() {
    int n = 0;
    while (steps.poll(cur)) {
      n++;
      if (havePrev && (StepRecord.flags(cur) & TickFlags.EPISODE_START) != 0) {
        progress.skippedSteps++; // the step across the plant's reset is no transition
        if (episodes.endByPlant()) {
          episodeEnded(episodes.lastReturn());
        }
      } else if (havePrev
          && StepRecord.tickIndex(cur) == StepRecord.tickIndex(prev) + 1
          && (StepRecord.flags(prev) & SKIP_FLAGS) == 0
          && (StepRecord.flags(cur) & SKIP_FLAGS) == 0) {
        transition();
      } else if (havePrev) {
        progress.skippedSteps++;
      }
      double[] t = prev;
      prev = cur;
      cur = t;
      havePrev = true;
    }
    return n;
  }

  /** prev → cur is one transition of the plant. */
  private void transition() {
    if (episodes.consumeResetTick()) {
      progress.skippedSteps++;
      return;
    }
    System.arraycopy(prev, StepRecord.OBSERVATION, obs, 0, obsSize);
    System.arraycopy(prev, actOffset, act, 0, actSize);
    System.arraycopy(cur, StepRecord.OBSERVATION, nextObs, 0, obsSize);
    double r = reward.reward(obs, act);
    int outcome = episodes.step(nextObs, r);
    normalise(obs, obsN);
    normalise(nextObs, nextObsN);
    for (int i = 0; i < actSize; i++) {
      double lo = opt.actionLow[i];
      double hi = opt.actionHigh[i];
      actS[i] = Math.max(-1, Math.min(1, 2 * (act[i] - lo) / (hi - lo) - 1));
    }
    replay.add(
        obsN,
        actS,
        r,
        nextObsN,
        outcome == EpisodeTracker.TERMINATED,
        outcome == EpisodeTracker.TRUNCATED);
    progress.transitions++;
    if (outcome != EpisodeTracker.CONTINUE) {
      episodeEnded(episodes.lastReturn());
    }
  }

  private void normalise(double[] in, double[] out) {
    for (int i = 0; i < obsSize; i++) {
      double v = in[i];
      if (opt.obsMean != null) {
        v = (v - opt.obsMean[i]) / opt.obsStd[i];
        if (opt.obsClip > 0) {
          v = Math.max(-opt.obsClip, Math.min(opt.obsClip, v));
        }
      }
      out[i] = v;
    }
  }

  private void episodeEnded(double ret) {
    progress.episodes = episodes.episodes();
    progress.episodeReturn = ret;
    if (evaluationPhases()) {
      evaluatingEpisodeEnded(ret);
      return;
    }
    if (!baselineDone) {
      baselineSum += ret;
      baselineCount++;
      if (baselineCount >= opt.baselineEpisodes) {
        baselineDone = true;
        guard.setBaseline(baselineSum / baselineCount);
        listener.event(
            "baseline",
            "starting actor's return over " + baselineCount + " episodes",
            guard.baseline());
      }
      return;
    }
    if (!actorLearning()) {
      return;
    }
    boolean newBest = guard.episode(ret);
    if (guard.shouldRollBack(true)) {
      rollback(
          "running return "
              + String.format("%.1f", guard.running())
              + " fell below "
              + String.format("%.1f", guard.threshold()));
    } else if (newBest && learner.allFinite()) {
      lastGood.capture();
      listener.event("best", "new best running return; kept as the last good actor", guard.best());
    }
  }

  /** The evaluating guard: baseline, then learning episodes and noise-free evaluations in turn. */
  private void evaluatingEpisodeEnded(double ret) {
    if (paused && baselineDone) {
      // paused by the operator: the actor stays as it is, no verdicts, no rollbacks
      if (evaluation.evaluating()) {
        endEvaluationPhase();
      }
      return;
    }
    switch (evaluation.episodeEnded(ret, actorLearning())) {
      case EvaluationSchedule.BEGIN -> beginEvaluation();
      case EvaluationSchedule.FINISHED -> finishEvaluation(evaluation.mean());
      default -> {
        if (evaluation.paired()) {
          publishPending = true; // the other actor of the pair is in control next
          publish();
        }
      }
    }
  }

  /**
   * Freezes the actor (no updates), publishes it and suspends exploring for the next {@code
   * evalEpisodes} episodes. The learner sees an episode's end within one poll of the control thread
   * reaching it; with a reset routine the switch is in place before the next episode starts,
   * without one the first ticks of the first evaluation episode may still carry noise.
   */
  private void beginEvaluation() {
    evaluation.begin(baselineDone ? paired : null);
    budget = 0;
    if (exploration != null) {
      exploration.setSuspended(true);
    }
    if (progress.actorVersion > 0 || learner.actorUpdates() > 0 || evaluation.paired()) {
      publishPending = true;
      publish();
    }
    progress.evaluating = true;
  }

  private void endEvaluationPhase() {
    evaluation.end();
    progress.evaluating = false;
    if (exploration != null) {
      exploration.setSuspended(false);
    }
  }

  private void finishEvaluation(double mean) {
    endEvaluationPhase();
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
      return;
    }
    if (evaluation.paired()) {
      PairedVerdicts.act(paired, learner, lastGood, progress, listener);
      publishPending = true;
      publish();
      return;
    }
    switch (guard.evaluation(mean)) {
      case BEST -> {
        if (learner.allFinite()) {
          lastGood.capture();
          listener.event("best", "new best evaluation return; kept as the last good actor", mean);
        }
      }
      case ROLL_BACK -> {
        lastGood.restoreActor(learner);
        progress.rollbacks++;
        publishPending = true;
        publish();
        listener.event(
            "rollback",
            String.format(
                "evaluation return %.1f fell below %.1f; restored the last good actor",
                mean, guard.threshold()),
            progress.rollbacks);
      }
      case KEEP -> listener.event("evaluation", "evaluation return (not a new best)", mean);
    }
  }

  /**
   * Asks for an evaluation of the current actor after the current episode (with evaluation phases
   * configured). Any thread.
   */
  public void requestEvaluation() {
    evaluation.request();
  }

  /**
   * True when the next episode is the second of an evaluation pair: a plant that can be put in a
   * given state should start it from the state the pair's first episode started from (learner
   * thread).
   */
  public boolean nextEpisodeRepeatsResetState() {
    return evaluation.nextRepeatsResetState();
  }

  /** True while the actor is being evaluated (learner thread). */
  public boolean evaluating() {
    return evaluation.evaluating();
  }

  /**
   * Puts the last good actor (the best evaluated, or the starting one) back into the learner: what
   * to deploy when fine-tuning ends. Learner thread, or after it stopped.
   */
  public void restoreBestActor() {
    lastGood.restoreActor(learner);
  }

  private boolean actorLearning() {
    return baselineDone && warmup.done();
  }

  /** One update; false when it had to roll back (the rest of this poll's budget is dropped). */
  private boolean update() {
    long actorStepsBefore = learner.actorUpdates();
    if (actorLearning()) {
      warmup.beforeActorUpdate(learner.actorOptimizer());
      learner.update(replay);
    } else {
      learner.sample(replay);
      learner.updateCritics();
      learner.softUpdateCriticTargets();
      if (warmup.criticUpdated(learner.lastCriticLoss())) {
        listener.event(
            "warmup-done", "critic warmed up; the actor starts learning", warmup.updates());
      }
    }
    progress.updates++;
    updatesThisRun++;
    // Judge only what this update produced: the actor loss is this run's own once the actor
    // stepped here (a resumed learner's actor-update count comes from its checkpoint, its last
    // actor loss does not: it is NaN until this run's first actor step).
    boolean actorStepped = learner.actorUpdates() != actorStepsBefore;
    boolean finite =
        Double.isFinite(learner.lastCriticLoss())
            && (!actorStepped || Double.isFinite(learner.lastActorLoss()));
    if (finite && (progress.updates & 63) == 0) {
      finite = learner.allFinite();
    }
    if (!finite) {
      rollback("non-finite loss or weights");
      budget = 0;
      return false;
    }
    if (opt.failAfterUpdates > 0 && updatesThisRun >= opt.failAfterUpdates) {
      throw new IllegalStateException(
          "injected learner fault after "
              + updatesThisRun
              + " updates (test hook reflex.test.learner-fails-after-updates)");
    }
    if (learner.actorUpdates() - lastPublishedActorUpdate >= opt.publishEveryActorUpdates) {
      lastPublishedActorUpdate = learner.actorUpdates();
      publishPending = true;
      publish();
    }
    return true;
  }

  private void publish() {
    dev.reflex.network.Mlp actor = learner.actor();
    if (evaluation.nextIsIncumbent()) {
      incumbent.parameters().unflatten(lastGood.actorValues());
      actor = incumbent;
    }
    if (!actor.parameters().allFinite()) {
      publishPending = false;
      return;
    }
    if (publisher.tryPublish(actor)) {
      publishPending = false;
      progress.actorVersion++;
      if (actor == learner.actor()) {
        history.record(progress.actorVersion);
      }
    }
  }

  private void rollback(String why) {
    lastGood.restore(learner);
    guard.resetRunning();
    progress.rollbacks++;
    publishPending = true;
    publish();
    listener.event("rollback", why + "; restored the last good actor", progress.rollbacks);
  }

  private void handleRequests() {
    LearnerCommands.Request r;
    while ((r = commands.poll()) != null) {
      switch (r) {
        case LearnerCommands.Pause p -> paused = true;
        case LearnerCommands.Resume p -> paused = false;
        case LearnerCommands.WriteCheckpoint c -> checkpoint("requested");
        case LearnerCommands.Rollback b -> rollbackTo(b.version());
        case LearnerCommands.Setpoint sp -> {
          reward.setSetpoint(sp.signalIndex(), sp.value());
          listener.event(
              "setpoint", "reward setpoint of signal " + sp.signalIndex() + " set", sp.value());
        }
      }
    }
  }

  private void rollbackTo(long version) {
    if (history.restore(version, learner)) {
      guard.resetRunning();
      progress.rollbacks++;
      publishPending = true;
      publish();
      listener.event(
          "rollback", "rolled back to actor version " + version + " by command", version);
    } else {
      listener.event(
          "rollback-failed", "actor version " + version + " is not among the kept ones", version);
    }
  }

  /**
   * Continues a lineage resumed from this board's own checkpoint: the actor version numbering and
   * the update count go on from the checkpoint's, and the restored actor is published to the loop
   * at the first poll (the loop starts on the actor file). Call before the learner thread starts.
   *
   * @param actorVersion the checkpoint's {@code reflex.actor_version}
   */
  public void continueFrom(long actorVersion) {
    progress.actorVersion = actorVersion;
    progress.updates = learner.criticUpdates();
    progress.actorUpdates = learner.actorUpdates();
    lastPublishedActorUpdate = learner.actorUpdates();
    publishPending = true;
  }

  /**
   * After the learner thread failed: puts the last good actor back into the learner and offers it
   * to the loop. The loop keeps the last published actor (finite, it was checked before publishing)
   * until the control thread takes this one.
   *
   * @return true when the last good actor was handed to the loop
   */
  public boolean fallBackToLastGood() {
    lastGood.restoreActor(learner);
    if (!learner.actor().parameters().allFinite()) {
      return false;
    }
    publishPending = true;
    publish();
    return !publishPending;
  }

  /** Writes a checkpoint now (also at shutdown). */
  public void checkpoint(String why) {
    if (checkpoints == null) {
      return;
    }
    try {
      String what = checkpoints.write(learner, replay, progress.actorVersion);
      listener.event("checkpoint", why + ": " + what, progress.actorVersion);
    } catch (IOException | RuntimeException e) {
      listener.event("checkpoint-failed", why + ": " + e.getMessage(), progress.actorVersion);
    }
  }

  private void report() {
    progress.criticLoss = learner.lastCriticLoss();
    progress.actorLoss = learner.lastActorLoss();
    progress.meanQ = learner.lastMeanQ();
    progress.actorUpdates = learner.actorUpdates();
    progress.replayFill = replay.size() / (double) replay.capacity();
    progress.runningReturn = guard.running();
    progress.baselineReturn = guard.baseline();
    progress.explorationScale =
        exploration == null || !exploration.enabled() ? 0 : exploration.scale();
    progress.paused = paused;
    listener.progress(progress);
  }

  /** Pauses updates at the next poll (transitions are still collected). Any thread. */
  public void pause() {
    commands.offer(new LearnerCommands.Pause());
  }

  /** Resumes updates at the next poll. Any thread. */
  public void resume() {
    commands.offer(new LearnerCommands.Resume());
  }

  /** Asks for a checkpoint at the next poll. Any thread. */
  public void requestCheckpoint() {
    commands.offer(new LearnerCommands.WriteCheckpoint());
  }

  /**
   * True when {@code version} is among the kept actor versions a rollback can restore (a version
   * may still be superseded before the request is handled; the event then says rollback-failed).
   * Any thread.
   */
  public boolean keepsVersion(long version) {
    return history.keeps(version);
  }

  /** Asks for a rollback to a published actor version at the next poll. Any thread. */
  public void requestRollback(long version) {
    commands.offer(new LearnerCommands.Rollback(version));
  }

  /** Asks for a reward setpoint change at the next poll. Any thread (allocates: rare). */
  public void requestSetpoint(int signalIndex, double value) {
    commands.offer(new LearnerCommands.Setpoint(signalIndex, value));
  }

  /** The reward the learner learns (the telemetry's tick listener reports the same instance). */
  public RewardFunction reward() {
    return reward;
  }

  /** The counters (read on the learner thread, or after it stopped). */
  public LearningProgress progress() {
    return progress;
  }

  /** True when updates are paused. */
  public boolean paused() {
    return paused;
  }

  /** The learner inside. */
  public Learner learner() {
    return learner;
  }

  /** The replay buffer inside. */
  public ReplayBuffer replay() {
    return replay;
  }
}
