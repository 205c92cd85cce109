package dev.reflex.finetune;

import dev.reflex.format.ActorScaling;

/**
 * The on-board learner's own options (the network and algorithm options are {@link
 * dev.reflex.learning.LearnerOptions}).
 */
public final class OnBoardLearnerOptions {
  /** Updates per transition received (the budget when {@link #updatesPerSecond} is 0). */
  public double updatesPerTransition = 1.0;

  /** Updates per second of wall time (overrides the per-transition budget when > 0). */
  public double updatesPerSecond = 0;

  /** Transitions in the replay buffer before any update. */
  public int minReplay = 500;

  /** Critic-only updates before the actor moves (when starting from an actor alone). */
  public int criticWarmupUpdates = 2_000;

  /**
   * With > 0, the warm-up goes on past {@link #criticWarmupUpdates} until the critic's windowed TD
   * loss changes by less than this fraction (at most 3× as many updates; {@link CriticWarmup}).
   */
  public double criticWarmupSettle = 0;

  /** Updates after the warm-up over which the actor's rate ramps from 10 % to 100 % (0: none). */
  public int actorRampUpdates = 0;

  /**
   * λ of the behaviour-cloning term toward the actor this learner starts from (0: off; {@link
   * dev.reflex.learning.Learner#anchorBehaviourCloning}).
   */
  public double behaviourCloningWeight = 0;

  /** Actor updates over which {@link #behaviourCloningWeight} halves (≤ 0: constant). */
  public double behaviourCloningHalfLife = 0;

  /** Episodes of the starting actor averaged into the guard's baseline. */
  public int baselineEpisodes = 2;

  /**
   * Learning episodes between evaluations of the actor without exploration noise (0: no evaluation
   * phases; the guard then judges the running return of the exploring episodes).
   */
  public int evalEveryEpisodes = 0;

  /** Noise-free episodes per evaluation (the first evaluation is the starting actor's baseline). */
  public int evalEpisodes = 2;

  /**
   * One-sided level of the paired promotion test ({@link PairedGuard}); with it > 0 each evaluation
   * after the baseline is {@link #evalEpisodes} pairs of incumbent and candidate episodes. 0: the
   * unpaired guard (a mean against the best, {@link ReturnGuard#evaluation}).
   */
  public double evalPromoteLevel = 0;

  /** One-sided level of the paired rollback test (with {@link #evalPromoteLevel} > 0). */
  public double evalRollbackLevel = 0.05;

  /** Publish the actor to the control thread every this many actor updates. */
  public int publishEveryActorUpdates = 50;

  /**
   * The actor's observation normalisation (applied before the learner sees an observation) and
   * physical action bounds (actions are scaled to [-1, 1] for the replay buffer).
   */
  public ActorScaling scaling;

  /** Checkpoint period in seconds (≤ 0: only at shutdown). */
  public double checkpointPeriodS = 60;

  /**
   * Test hook: the learner throws after this many updates of this run (0: never), so that a
   * lifecycle test can watch a failed learner thread being reported. Set by the system property
   * {@code reflex.test.learner-fails-after-updates}.
   */
  public long failAfterUpdates = 0;
}
