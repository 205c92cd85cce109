package dev.reflex.finetune;

/**
 * A mutable snapshot of the on-board learner's counters, reused on every report so reporting
 * allocates nothing. Read it only inside {@link LearningListener#progress}.
 */
public final class LearningProgress {
  /** Transitions added to the replay buffer. */
  public long transitions;

  /** Critic updates done. */
  public long updates;

  /** Actor updates done. */
  public long actorUpdates;

  /** Last critic loss (mean squared TD error). */
  public double criticLoss = Double.NaN;

  /** Last actor loss (−mean Q). */
  public double actorLoss = Double.NaN;

  /** Mean Q of the last critic batch. */
  public double meanQ = Double.NaN;

  /** Return of the last completed episode. */
  public double episodeReturn = Double.NaN;

  /** Episodes completed. */
  public long episodes;

  /** The running return the guard compares with its baseline. */
  public double runningReturn = Double.NaN;

  /** The starting actor's return (the guard's baseline). */
  public double baselineReturn = Double.NaN;

  /** Exploration σ in scaled action units (0 when off). */
  public double explorationScale;

  /** Replay fill as a fraction of capacity. */
  public double replayFill;

  /** Version of the actor last published to the control thread (0 = the starting actor). */
  public long actorVersion;

  /** Rollbacks done. */
  public long rollbacks;

  /** Step records skipped (faulted ticks, gaps from ring drops, reset routine). */
  public long skippedSteps;

  /** Operator commands applied ({@link LearnerCommands}: each once, in the order made). */
  public long commands;

  /** True while learning is paused by command. */
  public boolean paused;

  /** Mean return of the latest noise-free evaluation (NaN before the first). */
  public double evalReturn = Double.NaN;

  /** Evaluations finished (the baseline included). */
  public long evaluations;

  /** True while the actor is evaluated without noise. */
  public boolean evaluating;
}
