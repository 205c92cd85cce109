package dev.reflex.finetune;

import dev.reflex.learning.Learner;
import dev.reflex.learning.ReplayBuffer;
import dev.reflex.loop.SpscRing;
import dev.reflex.loop.StepRecord;
import java.util.function.LongSupplier;

/**
 * The work of the board's learner thread, one {@link #poll} at a time, coordinating its roles:
 * {@link TransitionAssembler} (step records → replay), {@link UpdateBudget} (how many updates),
 * {@link UpdateStep} (one checked DDPG/TD3 or critic-only update), {@link LearningPhases}
 * (baseline, warm-up, learning, evaluations; the guard's verdicts through {@link ActorGuard}),
 * {@link Rollbacks}, {@link ActorPublication} (the one path of an actor to the control thread),
 * {@link LearnerCommands} (the operator's requests), {@link PeriodicCheckpoints} and {@link
 * ProgressReporter}.
 *
 * <p>Real-time: not a real-time thread; {@link #poll} allocates nothing in steady state except for
 * events and checkpoints. Threading: learner thread only, except the command methods ({@link
 * #pause}, {@link #resume}, {@link #requestCheckpoint}, {@link #requestRollback}, {@link
 * #requestSetpoint}) which any thread may call; they go through a {@link LearnerCommands} queue and
 * take effect in order, each once, at the next poll.
 *
 * <p>A learner resumed from its own checkpoint ({@link #continueFrom}) judges only numbers this run
 * produced: the baseline is measured again, the finite-loss check looks at the actor loss only
 * after this run's own actor step, and version numbering continues from the checkpoint's.
 */
public final class OnBoardLearner {
  private final Learner learner;
  private final ReplayBuffer replay;
  private final RewardFunction reward;
  private final LearningListener listener;
  private final LongSupplier nanoClock;
  private final LearnerSnapshot lastGood;
  private final ActorHistory history;
  private final LearningProgress progress = new LearningProgress();
  private final LearnerCommands commands = new LearnerCommands();
  private final ActorPublication publication;
  private final Rollbacks rollbacks;
  private final LearningPhases phases;
  private final TransitionAssembler transitions;
  private final UpdateBudget budget;
  private final UpdateStep step;
  private final PeriodicCheckpoints checkpoints;
  private final ProgressReporter reporter;

  /** Wires the learner's roles; see {@link LearningPhases} for the phases. */
  public OnBoardLearner(
      OnBoardLearnerOptions opt,
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
    TransitionAssembler.requireFit(learner, layout);
    this.learner = learner;
    this.replay = replay;
    this.reward = reward;
    this.listener = listener;
    this.nanoClock = nanoClock;
    if (opt.behaviourCloningWeight > 0) { // μ₀: the actor this run starts from
      learner.anchorBehaviourCloning(opt.behaviourCloningWeight, opt.behaviourCloningHalfLife);
    }
    lastGood = new LearnerSnapshot(learner);
    lastGood.capture();
    history = new ActorHistory(learner, 8);
    CriticWarmup warmup =
        new CriticWarmup(opt.criticWarmupUpdates, opt.criticWarmupSettle, opt.actorRampUpdates);
    if (resumedFromCheckpoint) {
      warmup.skip();
    }
    long now = nanoClock.getAsLong();
    EvaluationSchedule evaluation =
        new EvaluationSchedule(opt.evalEveryEpisodes, Math.max(1, opt.evalEpisodes));
    PairedGuard pairs =
        opt.evalPromoteLevel > 0
            ? new PairedGuard(opt.evalEpisodes, opt.evalPromoteLevel, opt.evalRollbackLevel)
            : null;
    publication =
        new ActorPublication(
            publisher,
            learner,
            evaluation,
            pairs != null,
            lastGood,
            history,
            progress,
            opt.publishEveryActorUpdates);
    rollbacks = new Rollbacks(learner, lastGood, history, guard, publication, progress, listener);
    phases =
        new LearningPhases(
            opt.baselineEpisodes,
            learner,
            guard,
            pairs,
            evaluation,
            warmup,
            exploration,
            lastGood,
            publication,
            rollbacks,
            progress,
            listener);
    transitions =
        new TransitionAssembler(
            opt, layout, steps, reward, episodes, replay, progress, phases::episodeEnded);
    budget = new UpdateBudget(opt.updatesPerSecond, opt.updatesPerTransition, now);
    step =
        new UpdateStep(
            learner,
            replay,
            warmup,
            rollbacks,
            publication,
            progress,
            listener,
            opt.failAfterUpdates,
            Math.max(opt.minReplay, learner.options().batchSize));
    this.checkpoints =
        new PeriodicCheckpoints(
            checkpoints, opt.checkpointPeriodS, now, learner, replay, progress, listener);
    reporter =
        new ProgressReporter(learner, replay, guard, exploration, phases, progress, listener, now);
  }

  /**
   * One pass of the learner thread: drain the step records, apply the commands, run the updates the
   * budget allows, retry a pending publication, checkpoint on the period, report.
   *
   * @return how much work was done (records drained + updates run); 0 means the caller may idle
   */
  public int poll() {
    int drained = transitions.drain();
    long now = nanoClock.getAsLong();
    progress.commands += commands.applyPending(phases, checkpoints, rollbacks, reward, listener);
    int updates = step.runWithin(budget, phases, now, drained);
    publication.retry();
    checkpoints.poll(now);
    reporter.poll(now, drained + updates == 0);
    return drained + updates;
  }

  /**
   * Continues a lineage resumed from this board's own checkpoint: the actor version numbering and
   * the update count go on from the checkpoint's, and the restored actor is published to the loop
   * at the first poll (the loop starts on the actor file). Call before the learner thread starts.
   *
   * @param actorVersion the checkpoint's {@code reflex.actor_version}
   */
  public void continueFrom(long actorVersion) {
    publication.continueFrom(actorVersion);
  }

  /**
   * After the learner thread failed: puts the last good actor back into the learner and offers it
   * to the loop. The loop keeps the last published actor (finite, it was checked before publishing)
   * until the control thread takes this one.
   *
   * @return true when the last good actor was handed to the loop
   */
  public boolean fallBackToLastGood() {
    return rollbacks.fallBackToLastGood();
  }

  /**
   * Puts the last good actor (the best evaluated, or the starting one) back into the learner: what
   * to deploy when fine-tuning ends. Learner thread, or after it stopped.
   */
  public void restoreBestActor() {
    lastGood.restoreActor(learner);
  }

  /** Writes a checkpoint now (also at shutdown). */
  public void checkpoint(String why) {
    checkpoints.write(why);
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

  /** Asks for a rollback to a published actor version at the next poll. Any thread. */
  public void requestRollback(long version) {
    commands.offer(new LearnerCommands.Rollback(version));
  }

  /** Asks for a reward setpoint change at the next poll. Any thread (allocates: rare). */
  public void requestSetpoint(int signalIndex, double value) {
    commands.offer(new LearnerCommands.Setpoint(signalIndex, value));
  }

  /**
   * True when {@code version} is among the kept actor versions a rollback can restore (a version
   * may still be superseded before the request is handled; the event then says rollback-failed).
   * Any thread.
   */
  public boolean keepsVersion(long version) {
    return history.keeps(version);
  }

  /**
   * Asks for an evaluation of the current actor after the current episode (with evaluation phases
   * configured). Any thread. Not an operator command: a flag read at the next episode's end (two
   * requests before it are one evaluation), not queued.
   */
  public void requestEvaluation() {
    phases.requestEvaluation();
  }

  /**
   * True when the next episode is the second of an evaluation pair: a plant that can be put in a
   * given state should start it from the state the pair's first episode started from (learner
   * thread).
   */
  public boolean nextEpisodeRepeatsResetState() {
    return phases.nextEpisodeRepeatsResetState();
  }

  /** True while the actor is being evaluated (learner thread). */
  public boolean evaluating() {
    return phases.evaluating();
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
    return phases.paused();
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
