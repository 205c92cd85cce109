package dev.reflex.trainer;

import dev.reflex.learning.Algorithm;
import dev.reflex.learning.BoundMode;
import dev.reflex.learning.LearnerOptions;
import dev.reflex.network.Activation;
import dev.reflex.network.Init;
import dev.reflex.network.Precision;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every setting of a training run but the seed, the step budget and the output directory: the
 * learner's options and the driver's own (exploration noise, warm-up, updates per step, evaluation,
 * checkpoints, observation normalisation, plant parameters). Each setting has one kebab-case key,
 * used alike by the command line ({@code --gamma 0.98}), by {@code --config} files and by the
 * checkpoint's {@code trainer_config} metadata; {@link #set} parses and range-checks it.
 *
 * <p>Values come in layers: the algorithm's paper defaults, then the per-environment preset ({@link
 * Presets}), then the config file, then the command line.
 */
public final class TrainConfig {
  /** Exploration noise kinds. */
  public enum NoiseKind {
    /** Independent N(0, σ²) per step (TD3 paper). */
    GAUSSIAN,
    /** Ornstein–Uhlenbeck (DDPG paper). */
    OU,
    /** No noise (deterministic actions after warm-up). */
    NONE
  }

  /** Keys of the driver's own settings, in print order. */
  public static final List<String> TRAINER_KEYS =
      List.of(
          "noise",
          "noise-sigma",
          "ou-theta",
          "warmup-steps",
          "updates-per-step",
          "eval-interval",
          "eval-episodes",
          "checkpoint-interval",
          "obs-mean",
          "obs-std",
          "obs-clip",
          "reward-min",
          "param");

  /** Environment name (a {@link dev.reflex.plant.sim.SimPlants} name). */
  public final String env;

  /** The learner's options (the algorithm's defaults, then the preset and overrides). */
  public final LearnerOptions learner;

  /** Exploration noise kind. */
  public NoiseKind noise = NoiseKind.GAUSSIAN;

  /** Noise σ in scaled action units. TD3 paper: 0.1 Gaussian. DDPG paper: 0.2 OU. */
  public double noiseSigma = 0.1;

  /** OU mean reversion θ per step. DDPG paper: 0.15. */
  public double ouTheta = 0.15;

  /** Steps of uniformly random actions before the actor acts and learning starts. */
  public int warmupSteps = 1000;

  /** Learner updates per environment step once learning has started. */
  public int updatesPerStep = 1;

  /** Evaluate every this many environment steps (0: only at the end). */
  public int evalInterval = 1000;

  /** Episodes per evaluation. */
  public int evalEpisodes = 10;

  /** Write a checkpoint every this many steps (0: only at the end). */
  public int checkpointInterval = 0;

  /** Observation mean subtracted before the networks (empty: zeros). */
  public double[] obsMean = new double[0];

  /** Observation std divided by before the networks (empty: ones). */
  public double[] obsStd = new double[0];

  /** Bound on each normalised observation entry (the actor file's {@code reflex.obs_clip}). */
  public double obsClip = Double.POSITIVE_INFINITY;

  /**
   * Lower bound on the reward stored for learning (−∞: none). Episode returns and evaluations
   * always report the plant's true reward.
   */
  public double rewardMin = Double.NEGATIVE_INFINITY;

  /** Plant parameters set before training ({@code --param k=v}), by name. */
  public final Map<String, Double> params = new TreeMap<>();

  /** The algorithm's paper defaults for {@code env}; apply a preset next. */
  public TrainConfig(String env, Algorithm algorithm) {
    this.env = env;
    this.learner = LearnerOptions.defaults(algorithm);
  }

  /** Every key {@link #set} accepts: the learner's (but the algorithm) then the driver's. */
  public static List<String> keys() {
    List<String> keys = new java.util.ArrayList<>(LearnerOptions.td3().describe().keySet());
    keys.remove("algorithm");
    keys.addAll(TRAINER_KEYS);
    return keys;
  }

  /**
   * Sets one setting from its text.
   *
   * @throws IllegalArgumentException naming the key, the value and what is allowed
   */
  public TrainConfig set(String key, String value) {
    String v = value.trim();
    try {
      switch (key) {
        case "actor-hidden" -> learner.actorHidden = widths(v);
        case "critic-hidden" -> learner.criticHidden = widths(v);
        case "activation" -> learner.hiddenActivation = Activation.parse(v);
        case "bound-mode" -> learner.boundMode = BoundMode.parse(v);
        case "action-at-second-layer" -> learner.actionAtSecondLayer = bool(v);
        case "init" -> learner.init = Init.parse(v);
        case "gamma" -> learner.gamma = Double.parseDouble(v);
        case "tau" -> learner.tau = Double.parseDouble(v);
        case "actor-lr" -> learner.actorLr = Double.parseDouble(v);
        case "critic-lr" -> learner.criticLr = Double.parseDouble(v);
        case "critic-weight-decay" -> learner.criticWeightDecay = Double.parseDouble(v);
        case "max-grad-norm" -> learner.maxGradNorm = Double.parseDouble(v);
        case "batch-size" -> learner.batchSize = Integer.parseInt(v);
        case "replay-capacity" -> learner.replayCapacity = Integer.parseInt(v);
        case "twin-critics" -> learner.twinCritics = bool(v);
        case "policy-delay" -> learner.policyDelay = Integer.parseInt(v);
        case "target-noise" -> learner.targetNoise = Double.parseDouble(v);
        case "target-noise-clip" -> learner.targetNoiseClip = Double.parseDouble(v);
        case "precision" -> learner.precision = Precision.parse(v);
        case "noise" -> noise = noiseKind(v);
        case "noise-sigma" -> noiseSigma = Double.parseDouble(v);
        case "ou-theta" -> ouTheta = Double.parseDouble(v);
        case "warmup-steps" -> warmupSteps = Integer.parseInt(v);
        case "updates-per-step" -> updatesPerStep = Integer.parseInt(v);
        case "eval-interval" -> evalInterval = Integer.parseInt(v);
        case "eval-episodes" -> evalEpisodes = Integer.parseInt(v);
        case "checkpoint-interval" -> checkpointInterval = Integer.parseInt(v);
        case "obs-mean" -> obsMean = numbers(v);
        case "obs-std" -> obsStd = numbers(v);
        case "obs-clip" -> obsClip = Double.parseDouble(v);
        case "reward-min" -> rewardMin = Double.parseDouble(v);
        case "param" -> param(v);
        default ->
            throw new IllegalArgumentException(
                "unknown setting '" + key + "' (known: " + String.join(", ", keys()) + ")");
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "setting " + key + " = '" + value + "' is not a valid number", e);
    }
    return this;
  }

  private void param(String v) {
    if (v.isEmpty()) {
      return;
    }
    for (String pair : v.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "plant parameter '" + pair + "' is not of the form name=value");
      }
      params.put(pair.substring(0, eq).trim(), Double.parseDouble(pair.substring(eq + 1).trim()));
    }
  }

  /**
   * Checks the ranges of the driver's settings and the learner's.
   *
   * @param obsSize the plant's observation width, for the normalisation arrays
   * @throws IllegalArgumentException naming the setting, its value and the allowed range
   */
  public TrainConfig validate(int obsSize) {
    learner.validate();
    check(noiseSigma >= 0, "noise-sigma", noiseSigma, ">= 0");
    check(ouTheta >= 0, "ou-theta", ouTheta, ">= 0");
    check(warmupSteps >= 0, "warmup-steps", warmupSteps, ">= 0");
    check(updatesPerStep >= 0, "updates-per-step", updatesPerStep, ">= 0");
    check(evalInterval >= 0, "eval-interval", evalInterval, ">= 0");
    check(evalEpisodes >= 1, "eval-episodes", evalEpisodes, ">= 1");
    check(checkpointInterval >= 0, "checkpoint-interval", checkpointInterval, ">= 0");
    check(
        obsMean.length == 0 || obsMean.length == obsSize,
        "obs-mean",
        Arrays.toString(obsMean),
        obsSize + " values (the observation size) or none");
    check(
        obsStd.length == 0 || obsStd.length == obsSize,
        "obs-std",
        Arrays.toString(obsStd),
        obsSize + " values (the observation size) or none");
    check(obsClip > 0, "obs-clip", obsClip, "> 0 (Infinity: none)");
    check(!Double.isNaN(rewardMin), "reward-min", rewardMin, "a number (-Infinity: none)");
    for (double s : obsStd) {
      check(s > 0, "obs-std", Arrays.toString(obsStd), "every entry > 0");
    }
    return this;
  }

  private static void check(boolean ok, String name, Object value, String allowed) {
    if (!ok) {
      throw new IllegalArgumentException(
          "setting " + name + " = " + value + " is out of range (allowed: " + allowed + ")");
    }
  }

  /** Every setting by key, as text {@link #set} reads back, in a stable order. */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("env", env);
    m.putAll(learner.describe());
    m.put("noise", noise.name().toLowerCase(Locale.ROOT));
    m.put("noise-sigma", Double.toString(noiseSigma));
    m.put("ou-theta", Double.toString(ouTheta));
    m.put("warmup-steps", Integer.toString(warmupSteps));
    m.put("updates-per-step", Integer.toString(updatesPerStep));
    m.put("eval-interval", Integer.toString(evalInterval));
    m.put("eval-episodes", Integer.toString(evalEpisodes));
    m.put("checkpoint-interval", Integer.toString(checkpointInterval));
    m.put("obs-mean", join(obsMean));
    m.put("obs-std", join(obsStd));
    m.put("obs-clip", Double.toString(obsClip));
    m.put("reward-min", Double.toString(rewardMin));
    StringBuilder p = new StringBuilder();
    params.forEach((k, val) -> p.append(p.isEmpty() ? "" : ",").append(k).append('=').append(val));
    m.put("param", p.toString());
    return m;
  }

  /** Observation mean, zeros when unset. */
  public double[] obsMeanOrZeros(int obsSize) {
    return obsMean.length == 0 ? new double[obsSize] : obsMean.clone();
  }

  /** Observation std, ones when unset. */
  public double[] obsStdOrOnes(int obsSize) {
    if (obsStd.length != 0) {
      return obsStd.clone();
    }
    double[] ones = new double[obsSize];
    Arrays.fill(ones, 1.0);
    return ones;
  }

  private static NoiseKind noiseKind(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "gaussian", "normal" -> NoiseKind.GAUSSIAN;
      case "ou", "ornstein-uhlenbeck" -> NoiseKind.OU;
      case "none" -> NoiseKind.NONE;
      default ->
          throw new IllegalArgumentException(
              "setting noise = '" + v + "' is not one of gaussian, ou, none");
    };
  }

  private static boolean bool(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException("'" + v + "' is not true or false");
    };
  }

  private static int[] widths(String v) {
    if (v.isEmpty()) {
      return new int[0];
    }
    return Arrays.stream(v.split("[,x ]+")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
  }

  private static double[] numbers(String v) {
    if (v.isEmpty()) {
      return new double[0];
    }
    return Arrays.stream(v.split(",")).mapToDouble(s -> Double.parseDouble(s.trim())).toArray();
  }

  static String join(double[] values) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      sb.append(i == 0 ? "" : ",").append(values[i]);
    }
    return sb.toString();
  }
}
