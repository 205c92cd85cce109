package dev.reflex.learning;

import dev.reflex.network.Activation;
import dev.reflex.network.Init;
import dev.reflex.network.Precision;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every hyperparameter of the actor-critic learner. DDPG is TD3 with the TD3 options switched off
 * (one critic, no target smoothing, policy delay 1), as in Stable-Baselines3. Start from {@link
 * #ddpg()} or {@link #td3()}, whose values are the papers' (sources on each field), then change
 * fields. Mutable on purpose: the CLI and the config loader set fields by name; {@link #validate}
 * checks ranges before a learner is built.
 */
public final class LearnerOptions {
  /** Which algorithm's defaults these started from (informational). */
  public Algorithm algorithm = Algorithm.TD3;

  /** Actor hidden widths. DDPG paper: 400, 300. TD3 paper: 400, 300. */
  public int[] actorHidden = {400, 300};

  /** Critic hidden widths. DDPG paper: 400, 300. TD3 paper: 400, 300. */
  public int[] criticHidden = {400, 300};

  /** Hidden activation of both networks. Both papers: ReLU. */
  public Activation hiddenActivation = Activation.RELU;

  /** Actor output bounding. Both papers: tanh. */
  public BoundMode boundMode = BoundMode.TANH;

  /** Action enters the critic at its second layer. DDPG paper: yes. TD3 paper: no. */
  public boolean actionAtSecondLayer = false;

  /** Parameter initialisation. DDPG paper: final layer ±3e-3. TD3 code: PyTorch default. */
  public Init init = Init.PYTORCH;

  /** Discount γ. Both papers: 0.99. */
  public double gamma = 0.99;

  /** Soft target update rate τ. DDPG paper: 0.001. TD3 paper: 0.005. */
  public double tau = 0.005;

  /** Actor Adam learning rate. DDPG paper: 1e-4. TD3 paper: 1e-3. */
  public double actorLr = 1e-3;

  /** Critic Adam learning rate. Both papers: 1e-3. */
  public double criticLr = 1e-3;

  /** Critic L2 weight decay. DDPG paper: 1e-2. TD3 paper: 0. */
  public double criticWeightDecay = 0;

  /** Global gradient-norm clip for both networks; ≤ 0 is off. Neither paper clips. */
  public double maxGradNorm = 0;

  /** Minibatch size. DDPG paper: 64. TD3 paper: 100. */
  public int batchSize = 100;

  /** Replay capacity in transitions. Both papers: 10⁶. */
  public int replayCapacity = 1_000_000;

  /** Twin critics with the min target (TD3). */
  public boolean twinCritics = true;

  /** Actor and target updates once every this many critic updates. TD3 paper: 2. DDPG: 1. */
  public int policyDelay = 2;

  /** Target policy smoothing noise std in scaled action units. TD3 paper: 0.2. DDPG: 0. */
  public double targetNoise = 0.2;

  /** Clip of the target smoothing noise. TD3 paper: 0.5. */
  public double targetNoiseClip = 0.5;

  /**
   * Arithmetic of the networks, targets, Adam moments and minibatches: {@code f64} (the reference)
   * or {@code f32} (the fast path). Neither paper says; PyTorch's default is float32.
   */
  public Precision precision = Precision.F64;

  /** The DDPG paper's defaults (Lillicrap et al. 2015, section 7). */
  public static LearnerOptions ddpg() {
    LearnerOptions o = new LearnerOptions();
    o.algorithm = Algorithm.DDPG;
    o.actionAtSecondLayer = true;
    o.init = Init.DDPG;
    o.tau = 0.001;
    o.actorLr = 1e-4;
    o.criticLr = 1e-3;
    o.criticWeightDecay = 1e-2;
    o.batchSize = 64;
    o.twinCritics = false;
    o.policyDelay = 1;
    o.targetNoise = 0;
    o.targetNoiseClip = 0;
    return o;
  }

  /** The TD3 paper's defaults (Fujimoto et al. 2018, table 3). */
  public static LearnerOptions td3() {
    return new LearnerOptions();
  }

  /** The defaults of {@code algorithm}. */
  public static LearnerOptions defaults(Algorithm algorithm) {
    return algorithm == Algorithm.DDPG ? ddpg() : td3();
  }

  /** A deep copy. */
  public LearnerOptions copy() {
    LearnerOptions o = new LearnerOptions();
    o.algorithm = algorithm;
    o.actorHidden = actorHidden.clone();
    o.criticHidden = criticHidden.clone();
    o.hiddenActivation = hiddenActivation;
    o.boundMode = boundMode;
    o.actionAtSecondLayer = actionAtSecondLayer;
    o.init = init;
    o.gamma = gamma;
    o.tau = tau;
    o.actorLr = actorLr;
    o.criticLr = criticLr;
    o.criticWeightDecay = criticWeightDecay;
    o.maxGradNorm = maxGradNorm;
    o.batchSize = batchSize;
    o.replayCapacity = replayCapacity;
    o.twinCritics = twinCritics;
    o.policyDelay = policyDelay;
    o.targetNoise = targetNoise;
    o.targetNoiseClip = targetNoiseClip;
    o.precision = precision;
    return o;
  }

  /**
   * Checks every range.
   *
   * @throws IllegalArgumentException naming the option, its value and the allowed range
   */
  public LearnerOptions validate() {
    check(gamma >= 0 && gamma <= 1, "gamma", gamma, "[0, 1]");
    check(tau > 0 && tau <= 1, "tau", tau, "(0, 1]");
    check(actorLr > 0, "actor-lr", actorLr, "> 0");
    check(criticLr > 0, "critic-lr", criticLr, "> 0");
    check(criticWeightDecay >= 0, "critic-weight-decay", criticWeightDecay, ">= 0");
    check(batchSize >= 1, "batch-size", batchSize, ">= 1");
    check(replayCapacity >= batchSize, "replay-capacity", replayCapacity, ">= batch-size");
    check(policyDelay >= 1, "policy-delay", policyDelay, ">= 1");
    check(targetNoise >= 0, "target-noise", targetNoise, ">= 0");
    check(targetNoiseClip >= 0, "target-noise-clip", targetNoiseClip, ">= 0");
    check(precision != null, "precision", precision, "f64 or f32");
    check(
        Arrays.stream(actorHidden).allMatch(h -> h >= 1),
        "actor-hidden",
        Arrays.toString(actorHidden),
        "widths >= 1 (none: a linear actor)");
    check(
        criticHidden.length >= 1 && Arrays.stream(criticHidden).allMatch(h -> h >= 1),
        "critic-hidden",
        Arrays.toString(criticHidden),
        "one or more widths >= 1");
    return this;
  }

  private static void check(boolean ok, String name, Object value, String allowed) {
    if (!ok) {
      throw new IllegalArgumentException(
          "learner option " + name + " = " + value + " is out of range (allowed: " + allowed + ")");
    }
  }

  /** Every option by its CLI name, in a stable order, for printing the effective defaults. */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("algorithm", algorithm.name().toLowerCase(java.util.Locale.ROOT));
    m.put("actor-hidden", join(actorHidden));
    m.put("critic-hidden", join(criticHidden));
    m.put("activation", hiddenActivation.id());
    m.put("bound-mode", boundMode == BoundMode.TANH ? "tanh" : "inverting-gradients");
    m.put("action-at-second-layer", Boolean.toString(actionAtSecondLayer));
    m.put("init", init.name().toLowerCase(java.util.Locale.ROOT));
    m.put("gamma", Double.toString(gamma));
    m.put("tau", Double.toString(tau));
    m.put("actor-lr", Double.toString(actorLr));
    m.put("critic-lr", Double.toString(criticLr));
    m.put("critic-weight-decay", Double.toString(criticWeightDecay));
    m.put("max-grad-norm", Double.toString(maxGradNorm));
    m.put("batch-size", Integer.toString(batchSize));
    m.put("replay-capacity", Integer.toString(replayCapacity));
    m.put("twin-critics", Boolean.toString(twinCritics));
    m.put("policy-delay", Integer.toString(policyDelay));
    m.put("target-noise", Double.toString(targetNoise));
    m.put("target-noise-clip", Double.toString(targetNoiseClip));
    m.put("precision", precision.id());
    return m;
  }

  private static String join(int[] widths) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(widths[i]);
    }
    return sb.toString();
  }
}
