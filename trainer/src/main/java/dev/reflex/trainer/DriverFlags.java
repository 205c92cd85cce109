package dev.reflex.trainer;

import java.util.List;
import picocli.CommandLine.Option;

/**
 * The training driver's settings on the command line (exploration, warm-up, updates per step,
 * evaluation, checkpoints, normalisation, plant parameters), named as in {@link
 * TrainConfig#TRAINER_KEYS} and parsed by {@link TrainConfig#set}.
 */
public final class DriverFlags {
  @Option(names = "--noise", paramLabel = "gaussian|ou|none", description = "Exploration noise.")
  String noise;

  @Option(
      names = "--noise-sigma",
      paramLabel = "X",
      description = "Exploration noise std, in scaled action units.")
  String noiseSigma;

  @Option(names = "--ou-theta", paramLabel = "X", description = "OU mean reversion per step.")
  String ouTheta;

  @Option(
      names = "--warmup-steps",
      paramLabel = "N",
      description = "Uniformly random actions for the first N steps; learning starts after.")
  String warmupSteps;

  @Option(
      names = "--updates-per-step",
      paramLabel = "N",
      description = "Learner updates per environment step.")
  String updatesPerStep;

  @Option(
      names = "--eval-interval",
      paramLabel = "N",
      description = "Evaluate every N steps (0: at the end only).")
  String evalInterval;

  @Option(names = "--eval-episodes", paramLabel = "N", description = "Episodes per evaluation.")
  String evalEpisodes;

  @Option(
      names = "--checkpoint-interval",
      paramLabel = "N",
      description = "Write actor and checkpoint every N steps (0: at the end only).")
  String checkpointInterval;

  @Option(
      names = "--obs-mean",
      paramLabel = "X,X",
      description = "Observation mean subtracted before the networks.")
  String obsMean;

  @Option(
      names = "--obs-std",
      paramLabel = "X,X",
      description = "Observation std divided by before the networks.")
  String obsStd;

  @Option(
      names = "--obs-clip",
      paramLabel = "X",
      description = "Bound on each normalised observation entry (Infinity: none).")
  String obsClip;

  @Option(
      names = "--reward-min",
      paramLabel = "X",
      description = "Lower bound on the reward stored for learning (-Infinity: none).")
  String rewardMin;

  @Option(
      names = "--param",
      paramLabel = "NAME=VALUE",
      description = "Plant parameter (repeatable), e.g. --param mass_kg=1.2.")
  List<String> params;
}
