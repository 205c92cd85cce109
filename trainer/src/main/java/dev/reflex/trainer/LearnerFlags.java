package dev.reflex.trainer;

import picocli.CommandLine.Option;

/**
 * The learner's options on the command line, one flag per {@link
 * dev.reflex.learning.LearnerOptions} field, named as in {@link TrainConfig#keys()}. Values are
 * kept as text and parsed by {@link TrainConfig#set}, the one place that checks them; unset flags
 * leave the algorithm's default and the environment's preset in place.
 */
public final class LearnerFlags {
  @Option(names = "--actor-hidden", paramLabel = "W,W", description = "Actor hidden widths.")
  String actorHidden;

  @Option(names = "--critic-hidden", paramLabel = "W,W", description = "Critic hidden widths.")
  String criticHidden;

  @Option(
      names = "--activation",
      paramLabel = "relu|tanh|elu|leaky_relu|sigmoid",
      description = "Hidden activation of both networks.")
  String activation;

  @Option(
      names = "--bound-mode",
      paramLabel = "tanh|inverting-gradients",
      description = "Actor output bounding.")
  String boundMode;

  @Option(
      names = "--action-at-second-layer",
      paramLabel = "BOOL",
      description = "Action enters the critic at its second layer (DDPG paper layout).")
  String actionAtSecondLayer;

  @Option(names = "--init", paramLabel = "ddpg|pytorch", description = "Parameter init.")
  String init;

  @Option(names = "--gamma", paramLabel = "X", description = "Discount factor.")
  String gamma;

  @Option(names = "--tau", paramLabel = "X", description = "Soft target update rate.")
  String tau;

  @Option(names = "--actor-lr", paramLabel = "X", description = "Actor Adam learning rate.")
  String actorLr;

  @Option(names = "--critic-lr", paramLabel = "X", description = "Critic Adam learning rate.")
  String criticLr;

  @Option(
      names = "--critic-weight-decay",
      paramLabel = "X",
      description = "Critic L2 weight decay.")
  String criticWeightDecay;

  @Option(
      names = "--max-grad-norm",
      paramLabel = "X",
      description = "Global gradient-norm clip (<= 0: off).")
  String maxGradNorm;

  @Option(names = "--batch-size", paramLabel = "N", description = "Minibatch size.")
  String batchSize;

  @Option(
      names = "--replay-capacity",
      paramLabel = "N",
      description = "Replay buffer capacity (transitions).")
  String replayCapacity;

  @Option(
      names = "--twin-critics",
      paramLabel = "BOOL",
      description = "Two critics with the min target (TD3).")
  String twinCritics;

  @Option(
      names = "--policy-delay",
      paramLabel = "N",
      description = "Critic updates per actor/target update.")
  String policyDelay;

  @Option(
      names = "--target-noise",
      paramLabel = "X",
      description = "Target policy smoothing noise std (0: off).")
  String targetNoise;

  @Option(
      names = "--target-noise-clip",
      paramLabel = "X",
      description = "Clip of the target smoothing noise.")
  String targetNoiseClip;

  @Option(
      names = "--precision",
      paramLabel = "f64|f32",
      description = "Learner arithmetic: f64 (the reference) or f32 (faster).")
  String precision;
}
