package dev.reflex.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * On-board fine-tuning.
 *
 * @param enabled run the learner thread
 * @param algo DDPG or TD3
 * @param updatesPerSecond budget in updates per wall-clock second, 0 when per-transition is used
 * @param updatesPerTransition budget in updates per transition, 0 when per-second is used
 * @param criticWarmupUpdates critic-only updates before the actor changes
 * @param batchSize minibatch size
 * @param replayCapacity replay buffer capacity in transitions
 * @param actorLr actor learning rate
 * @param criticLr critic learning rate
 * @param criticWeightDecay critic L2 weight decay
 * @param gamma discount per tick
 * @param tau soft target update coefficient
 * @param reward the reward terms
 * @param episode episode boundaries
 * @param exploration exploration noise
 * @param checkpoint checkpointing
 * @param rollbackMargin roll back when the return falls below best by this fraction of |best|
 * @param evaluation noise-free evaluation phases for the guard
 * @param startFromCheckpoint a checkpoint to resume from; empty = start from the actor file
 * @param precision the learner's arithmetic (key {@code precision}: f64 or f32)
 * @param behaviourCloning the actor loss's pull toward the starting actor
 */
public record LearningConfig(
    boolean enabled,
    Algo algo,
    double updatesPerSecond,
    double updatesPerTransition,
    int criticWarmupUpdates,
    int batchSize,
    int replayCapacity,
    double actorLr,
    double criticLr,
    double criticWeightDecay,
    double gamma,
    double tau,
    Reward reward,
    Episode episode,
    Exploration exploration,
    Checkpoint checkpoint,
    double rollbackMargin,
    Evaluation evaluation,
    Optional<Path> startFromCheckpoint,
    dev.reflex.network.Precision precision,
    BehaviourCloning behaviourCloning) {

  /** Learner variant. */
  public enum Algo {
    DDPG,
    TD3
  }

  /** Exploration noise process. */
  public enum Noise {
    GAUSSIAN,
    OU
  }

  /**
   * One quadratic cost: {@code -weight * (signal - setpoint)^2}.
   *
   * @param signalIndex index in [observation..., action...]
   */
  public record QuadraticTerm(String signal, int signalIndex, double weight, double setpoint) {}

  /**
   * Reward per tick: minus the quadratic costs, plus {@code bonus} values while the signal is
   * inside its band, minus {@code limitPenalty} values while it is at or beyond a limit.
   */
  public record Reward(
      List<QuadraticTerm> quadratic, List<SignalBounds> bonus, List<SignalBounds> limitPenalty) {}

  /**
   * Episode boundaries.
   *
   * @param timeLimitNs truncation after this long (not terminal); 0 = none
   * @param endWhenOutside terminal when a signal leaves its range
   * @param resetHoldTicks reset routine: safe actions held for this many ticks
   */
  public record Episode(long timeLimitNs, List<SignalBounds> endWhenOutside, int resetHoldTicks) {}

  /**
   * Exploration noise.
   *
   * @param scale standard deviation, fraction of each action's half range
   * @param cap absolute cap, fraction of the half range
   * @param ouTheta OU mean reversion per tick
   * @param safeRegion noise only while every listed observation is inside its range
   */
  public record Exploration(
      Noise noise, double scale, double cap, double ouTheta, List<SignalBounds> safeRegion) {}

  /**
   * Evaluation phases of the guard.
   *
   * @param everyEpisodes learning episodes between evaluations; 0 = none
   * @param episodes noise-free episodes per evaluation (pairs with the paired guard)
   * @param promoteLevel one-sided level of the paired guard's promotion test; 0 = unpaired guard
   * @param rollbackLevel one-sided level of the paired guard's rollback test
   */
  public record Evaluation(
      int everyEpisodes, int episodes, double promoteLevel, double rollbackLevel) {
    /** No evaluation phases. */
    public static final Evaluation NONE = new Evaluation(0, 2, 0, 0.05);
  }

  /**
   * Behaviour-cloning regularisation of the actor toward the actor fine-tuning started from: the
   * actor's loss gains weight·2^(−k/halfLifeUpdates)·mean‖μ(s) − μ₀(s)‖² after k actor updates.
   *
   * @param weight λ at the start; 0 = off
   * @param halfLifeUpdates actor updates over which λ halves; 0 = constant
   */
  public record BehaviourCloning(double weight, double halfLifeUpdates) {
    /** Off. */
    public static final BehaviourCloning NONE = new BehaviourCloning(0, 0);
  }

  /**
   * Checkpointing.
   *
   * @param dir directory (resolved against the config file's directory)
   * @param periodNs time between checkpoints
   * @param keep checkpoints kept
   */
  public record Checkpoint(Path dir, long periodNs, int keep) {}
}
