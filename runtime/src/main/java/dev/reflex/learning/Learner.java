package dev.reflex.learning;

import dev.reflex.network.Activation;
import dev.reflex.network.Adam;
import dev.reflex.network.Mlp;
import dev.reflex.network.Optimizer;
import dev.reflex.network.Precision;
import dev.reflex.network.Rng;
import dev.reflex.network.kernel.DenseKernels;
import org.ejml.data.DMatrixRMaj;

/**
 * The actor-critic learner: DDPG, and TD3 as options on it (twin critics with the min target,
 * target policy smoothing, delayed actor and target updates). Actions are in the scaled space [−1,
 * 1].
 *
 * <p>The actor's update is the deterministic policy gradient. The critic is backpropagated to its
 * action input, giving g = ∂Q/∂a per sample, with its own parameter gradients left untouched; −g/N
 * is then backpropagated through the actor alone (a vector-Jacobian product, exactly what ordinary
 * backprop does with −g/N as the output gradient). Actor and critics are separate networks with
 * separate optimisers: an actor step never moves a critic and a critic step never moves the actor.
 *
 * <p>Precision ({@link LearnerOptions#precision}): {@code f64} computes on the double networks
 * below; {@code f32} computes the same steps in float32 ({@link LearnerF32}: networks, targets,
 * Adam moments and the minibatch in float32, on the float32 kernels). The double networks and
 * optimisers stay the learner's public view in both: in {@code f32} they are written from the
 * float32 state when first asked for ({@link #actor()} and the other accessors), and from then on
 * kept in two-way sync around every update (exactly: float → double → float is the identity), so
 * code that reads or writes them between updates sees and moves the float32 state. A trainer that
 * never asks for them pays nothing for the view.
 *
 * <p>Behaviour cloning ({@link #anchorBehaviourCloning}): the actor's loss can carry a term
 * λ·mean‖μ(s) − μ₀(s)‖² toward a frozen copy μ₀ of the actor taken when it is anchored (on the
 * board: the actor fine-tuning starts from), with λ optionally halving every given number of actor
 * updates. It only adds 2λ(μ(s) − μ₀(s))/N to the actor's output gradient; the critics are not
 * involved.
 *
 * <p>Real-time: {@link #update}, {@link #updateCriticsOnly} and {@link #act} are allocation-free
 * after construction. Threading: one thread at a time (the trainer's, or the board's learner
 * thread).
 */
public final class Learner {
  private final LearnerOptions opt;
  private final int obsSize;
  private final int actSize;
  private final Mlp actor;
  private final Mlp actorTarget;
  private final Critic[] critics;
  private final Critic[] criticTargets;
  private final Optimizer actorOpt;
  private final Optimizer[] criticOpts;
  private final Rng rng;
  private final LearnerF32 f32;
  private boolean mirrored;
  // The current batch was sampled straight into the float32 learner (a float32 replay buffer); the
  // double batch buffers are written from it only when someone asks for them.
  private boolean batchInF32;

  private final DMatrixRMaj obs;
  private final DMatrixRMaj act;
  private final DMatrixRMaj reward;
  private final DMatrixRMaj nextObs;
  private final DMatrixRMaj notDone;
  private final DMatrixRMaj nextAct;
  private final DMatrixRMaj target;
  private final DMatrixRMaj gradQ;
  private final DMatrixRMaj actorOut;
  private final DMatrixRMaj actorGradOut;
  private Mlp bcAnchor;
  private double bcWeight;
  private double bcHalfLife;
  private long bcSince;

  private long criticUpdates;
  private long actorUpdates;
  private double lastCriticLoss = Double.NaN;
  private double lastActorLoss = Double.NaN;
  private double lastMeanQ = Double.NaN;

  /** A learner with freshly initialised networks, all randomness from {@code seed}. */
  public Learner(LearnerOptions options, int obsSize, int actSize, long seed) {
    this(options, obsSize, actSize, seed, DenseKernels.best());
  }

  /** As above, on the given kernels. */
  public Learner(
      LearnerOptions options, int obsSize, int actSize, long seed, DenseKernels kernels) {
    this.opt = options.copy().validate();
    this.obsSize = obsSize;
    this.actSize = actSize;
    this.rng = new Rng(seed);
    int batch = opt.batchSize;
    int[] sizes = new int[opt.actorHidden.length + 2];
    sizes[0] = obsSize;
    System.arraycopy(opt.actorHidden, 0, sizes, 1, opt.actorHidden.length);
    sizes[sizes.length - 1] = actSize;
    Activation[] acts = new Activation[sizes.length - 1];
    java.util.Arrays.fill(acts, opt.hiddenActivation);
    acts[acts.length - 1] = opt.boundMode == BoundMode.TANH ? Activation.TANH : Activation.IDENTITY;
    actor = new Mlp(sizes, acts, batch, kernels);
    actor.initialise(opt.init, rng);
    actorTarget = actor.copyShape();
    actorTarget.parameters().copyFrom(actor.parameters());
    int nCritics = opt.twinCritics ? 2 : 1;
    critics = new Critic[nCritics];
    criticTargets = new Critic[nCritics];
    criticOpts = new Optimizer[nCritics];
    for (int c = 0; c < nCritics; c++) {
      critics[c] =
          new Critic(
              obsSize,
              actSize,
              opt.criticHidden,
              opt.hiddenActivation,
              opt.actionAtSecondLayer,
              batch,
              kernels);
      critics[c].initialise(opt.init, rng);
      criticTargets[c] = critics[c].copyShape();
      criticTargets[c].parameters().copyFrom(critics[c].parameters());
      criticOpts[c] =
          new Adam(critics[c].parameters(), opt.criticLr, opt.criticWeightDecay, opt.maxGradNorm);
    }
    actorOpt = new Adam(actor.parameters(), opt.actorLr, 0, opt.maxGradNorm);
    obs = new DMatrixRMaj(batch, obsSize);
    act = new DMatrixRMaj(batch, actSize);
    reward = new DMatrixRMaj(batch, 1);
    nextObs = new DMatrixRMaj(batch, obsSize);
    notDone = new DMatrixRMaj(batch, 1);
    nextAct = new DMatrixRMaj(batch, actSize);
    target = new DMatrixRMaj(batch, 1);
    gradQ = new DMatrixRMaj(batch, 1);
    actorOut = new DMatrixRMaj(batch, actSize);
    actorGradOut = new DMatrixRMaj(batch, actSize);
    if (opt.precision == Precision.F32) {
      f32 = new LearnerF32(this, rng, kernels == DenseKernels.scalar());
      f32.pullFrom(this);
    } else {
      f32 = null;
    }
  }

  /**
   * Regularises later actor steps toward a frozen copy of the current actor: the actor's loss
   * becomes −mean Q₁(s, μ(s)) + λ·mean‖μ(s) − μ₀(s)‖² (μ₀ the copy taken now, outputs before any
   * clip), with λ = {@code weight}·2^(−k/{@code halfLife}) after k more actor updates ({@code
   * halfLife} ≤ 0: constant). Weight 0 switches the term off. Allocates the copy on the first call.
   *
   * @param weight λ at the start, ≥ 0
   * @param halfLife actor updates over which λ halves; ≤ 0: no decay
   */
  public void anchorBehaviourCloning(double weight, double halfLife) {
    if (!(weight >= 0) || Double.isInfinite(weight) || Double.isNaN(halfLife)) {
      throw new IllegalArgumentException(
          "behaviour-cloning weight " + weight + " / half-life " + halfLife + " out of range");
    }
    bcWeight = weight;
    bcHalfLife = halfLife;
    bcSince = actorUpdates;
    if (weight == 0) {
      return;
    }
    if (f32 != null) {
      begin();
      f32.anchorBehaviourCloning();
      return;
    }
    if (bcAnchor == null) {
      bcAnchor = actor.copyShape();
    }
    bcAnchor.parameters().copyFrom(actor.parameters());
  }

  /** λ of the behaviour-cloning term for the next actor step (0: off). */
  public double behaviourCloningWeight() {
    if (bcWeight == 0 || bcHalfLife <= 0) {
      return bcWeight;
    }
    return bcWeight * Math.pow(2, -(actorUpdates - bcSince) / bcHalfLife);
  }

  /** The arithmetic this learner computes in. */
  public Precision precision() {
    return opt.precision;
  }

  /** In float32 with the double view handed out: bring in what the caller may have written. */
  private void begin() {
    if (mirrored) {
      f32.pullFrom(this);
    }
  }

  /** In float32 with the double view handed out: show the caller the new state. */
  private void end() {
    if (mirrored) {
      f32.pushTo(this);
    }
  }

  private void loadBatchF32() {
    if (batchInF32) {
      return;
    }
    f32.loadBatch(obs, act, reward, nextObs, notDone);
  }

  /** Hands out the double view: in float32, write it now and keep it in sync from now on. */
  private void expose() {
    if (f32 != null && !mirrored) {
      f32.pushTo(this);
      mirrored = true;
    }
  }

  /** For checkpoints: the double view written from the float32 state, without handing it out. */
  void writeDoubleView() {
    if (f32 != null && !mirrored) {
      f32.pushTo(this);
    }
  }

  /** For checkpoints: the float32 state reloaded from the double view just restored. */
  void readDoubleView() {
    if (f32 != null) {
      f32.pullFrom(this);
    }
  }

  /** The float32 core, or null in double (tests of this package). */
  LearnerF32 f32Core() {
    return f32;
  }

  // The double networks without the view bookkeeping (this package: the float32 core, checkpoints).
  Mlp actorStore() {
    return actor;
  }

  Mlp actorTargetStore() {
    return actorTarget;
  }

  Critic[] criticStore() {
    return critics;
  }

  Critic[] criticTargetStore() {
    return criticTargets;
  }

  Optimizer actorOptStore() {
    return actorOpt;
  }

  Optimizer[] criticOptStore() {
    return criticOpts;
  }

  /**
   * The deterministic action for one observation, in [−1, 1] (clipped when the actor is linear).
   *
   * @param observation not modified
   * @param actionOut modified
   */
  public void act(double[] observation, double[] actionOut) {
    if (f32 != null) {
      begin();
      f32.act(observation, actionOut);
    } else {
      actor.forwardSingle(observation, actionOut);
    }
    if (opt.boundMode == BoundMode.INVERTING_GRADIENTS) {
      for (int i = 0; i < actSize; i++) {
        actionOut[i] = Math.max(-1, Math.min(1, actionOut[i]));
      }
    }
  }

  /**
   * One learner step on a minibatch sampled from {@code replay}: critic update(s), then every
   * {@code policyDelay} critic updates an actor update and soft target updates.
   */
  public void update(ReplayBuffer replay) {
    sampleBatch(replay);
    updateOnBatch();
  }

  /** A float32 buffer's rows go straight into the float32 learner's batch; else the double one. */
  private void sampleBatch(ReplayBuffer replay) {
    if (f32 != null && replay.isFloat32()) {
      f32.sample(replay, opt.batchSize, rng);
      batchInF32 = true;
    } else {
      sample(replay);
    }
  }

  /**
   * One critic-only learner step on a minibatch sampled from {@code replay}, the actor frozen (the
   * critic warm-up of on-board fine-tuning): critic update(s), then the soft update of the target
   * critics by τ — after every critic-only update, not every {@code policyDelay} as in {@link
   * #update}. The policy delay spaces actor steps between critic steps; with the actor frozen there
   * is no actor step to space, and a fresh critic needs its targets to follow: on finetune-sim's
   * pendulum from the actor alone the TD3 spacing left no seed improved in 60 episodes at 3,000
   * warm-up updates, every update gave 59–64 % (docs/fine-tuning.md). The actor, its target and its
   * optimiser are not touched; {@link #actorUpdates} stays.
   *
   * @param replay sampled, not modified
   */
  public void updateCriticsOnly(ReplayBuffer replay) {
    sampleBatch(replay);
    if (f32 != null) {
      begin();
      loadBatchF32();
      f32.updateCritics();
      criticUpdates++;
      f32.softUpdateCriticTargets();
      end();
      return;
    }
    updateCritics();
    for (int c = 0; c < critics.length; c++) {
      criticTargets[c].parameters().softUpdateFrom(critics[c].parameters(), opt.tau);
    }
  }

  /**
   * Samples a minibatch from {@code replay} into the double batch buffers (tests of a partial
   * step).
   */
  void sample(ReplayBuffer replay) {
    replay.sample(opt.batchSize, rng, obs, act, reward, nextObs, notDone);
    batchInF32 = false;
  }

  /**
   * Copies the current minibatch (the one {@link #updateOnBatch} reads) into the caller's buffers,
   * each reshaped to the batch's rows (grown only when smaller).
   *
   * @param obsOut observations, batch × obs. Modified.
   * @param actOut scaled actions, batch × act. Modified.
   * @param rewardOut rewards, batch × 1. Modified.
   * @param nextObsOut next observations, batch × obs. Modified.
   * @param notDoneOut 1 − terminated, batch × 1. Modified.
   */
  public void copyBatch(
      DMatrixRMaj obsOut,
      DMatrixRMaj actOut,
      DMatrixRMaj rewardOut,
      DMatrixRMaj nextObsOut,
      DMatrixRMaj notDoneOut) {
    if (batchInF32) { // sampled from a float32 buffer straight into the float32 batch
      f32.storeBatch(obs, act, reward, nextObs, notDone);
      batchInF32 = false;
    }
    obsOut.setTo(obs);
    actOut.setTo(act);
    rewardOut.setTo(reward);
    nextObsOut.setTo(nextObs);
    notDoneOut.setTo(notDone);
  }

  /** One learner step on the current minibatch (the last one sampled). */
  public void updateOnBatch() {
    if (f32 != null) {
      begin();
      loadBatchF32();
      f32.updateCritics();
      criticUpdates++;
      if (criticUpdates % opt.policyDelay == 0) {
        f32.updateActorAndTargets(behaviourCloningWeight());
        actorUpdates++;
      }
      end();
      return;
    }
    updateCritics();
    if (criticUpdates % opt.policyDelay == 0) {
      updateActorAndTargets();
    }
  }

  /** Critic step(s) on the current batch: targets, gradients, one optimiser step per critic. */
  public void updateCritics() {
    if (f32 != null) {
      begin();
      loadBatchF32();
      f32.updateCritics();
      criticUpdates++;
      end();
      return;
    }
    computeTargets();
    for (int c = 0; c < critics.length; c++) {
      computeCriticGradient(c);
      criticOpts[c].step();
    }
    criticUpdates++;
  }

  /** Actor step on the current batch, then soft updates of every target network. */
  public void updateActorAndTargets() {
    if (f32 != null) {
      begin();
      loadBatchF32();
      f32.updateActorAndTargets(behaviourCloningWeight());
      actorUpdates++;
      end();
      return;
    }
    computeActorGradient();
    actorOpt.step();
    actorUpdates++;
    actorTarget.parameters().softUpdateFrom(actor.parameters(), opt.tau);
    for (int c = 0; c < critics.length; c++) {
      criticTargets[c].parameters().softUpdateFrom(critics[c].parameters(), opt.tau);
    }
  }

  /** y = r + γ·(1 − terminated)·min_c Q'_c(s', μ'(s') + clip(ε)), into {@code target}. */
  private void computeTargets() {
    int n = obs.numRows;
    DMatrixRMaj a2 = actorTarget.forward(nextObs);
    nextAct.reshape(n, actSize);
    for (int k = 0; k < n * actSize; k++) {
      double a = a2.data[k];
      if (opt.targetNoise > 0) {
        double eps = opt.targetNoise * rng.nextGaussian();
        eps = Math.max(-opt.targetNoiseClip, Math.min(opt.targetNoiseClip, eps));
        a += eps;
      }
      nextAct.data[k] = Math.max(-1, Math.min(1, a));
    }
    target.reshape(n, 1);
    for (int c = 0; c < criticTargets.length; c++) {
      DMatrixRMaj q = criticTargets[c].forward(nextObs, nextAct);
      for (int i = 0; i < n; i++) {
        target.data[i] = c == 0 ? q.data[i] : Math.min(target.data[i], q.data[i]);
      }
    }
    for (int i = 0; i < n; i++) {
      target.data[i] = reward.data[i] + opt.gamma * notDone.data[i] * target.data[i];
    }
  }

  /**
   * Fills critic {@code c}'s parameter gradients for the loss mean((Q(s,a) − y)²) against the
   * targets already computed. Leaves the actor untouched.
   */
  private void computeCriticGradient(int c) {
    int n = obs.numRows;
    DMatrixRMaj q = critics[c].forward(obs, act);
    gradQ.reshape(n, 1);
    double loss = 0;
    double meanQ = 0;
    for (int i = 0; i < n; i++) {
      double e = q.data[i] - target.data[i];
      loss += e * e;
      meanQ += q.data[i];
      gradQ.data[i] = 2 * e / n;
    }
    if (c == 0) {
      lastCriticLoss = loss / n;
      lastMeanQ = meanQ / n;
    }
    critics[c].backward(gradQ, true, false);
  }

  /**
   * Fills the actor's parameter gradients with ∇θ of −mean Q₁(s, μ(s|θ)) by the chain rule: the
   * critic gives ∂Q/∂a (its own gradients untouched), inverting gradients are applied when
   * configured, and −g/N is backpropagated through the actor. With behaviour cloning on, 2λ(μ(s) −
   * μ₀(s))/N is added to that output gradient (the gradient of λ·mean‖μ(s) − μ₀(s)‖²).
   */
  public void computeActorGradient() {
    if (f32 != null) {
      begin();
      loadBatchF32();
      f32.computeActorGradient(behaviourCloningWeight());
      if (mirrored) {
        f32.actor.parameters().copyGradsTo(actor.parameters());
      }
      end();
      return;
    }
    int n = obs.numRows;
    DMatrixRMaj a = actor.forward(obs);
    actorOut.reshape(n, actSize);
    System.arraycopy(a.data, 0, actorOut.data, 0, n * actSize);
    DMatrixRMaj q = critics[0].forward(obs, actorOut);
    gradQ.reshape(n, 1);
    double meanQ = 0;
    for (int i = 0; i < n; i++) {
      gradQ.data[i] = 1;
      meanQ += q.data[i];
    }
    DMatrixRMaj dqda = critics[0].backward(gradQ, false, true);
    actorGradOut.reshape(n, actSize);
    for (int k = 0; k < n * actSize; k++) {
      double g = dqda.data[k];
      if (opt.boundMode == BoundMode.INVERTING_GRADIENTS) {
        g = invertGradient(g, actorOut.data[k], -1, 1);
      }
      actorGradOut.data[k] = -g / n;
    }
    lastActorLoss = -meanQ / n + addBehaviourCloning(n);
    actor.backward(actorGradOut, true, false);
  }

  /** Adds the behaviour-cloning gradient to {@code actorGradOut}; returns the term's value. */
  private double addBehaviourCloning(int n) {
    double w = behaviourCloningWeight();
    if (w == 0) {
      return 0;
    }
    DMatrixRMaj a0 = bcAnchor.forward(obs);
    double sum = 0;
    for (int k = 0; k < n * actSize; k++) {
      double d = actorOut.data[k] - a0.data[k];
      sum += d * d;
      actorGradOut.data[k] += 2 * w * d / n;
    }
    return w * sum / n;
  }

  /**
   * Hausknecht &amp; Stone's inverting gradient for one action entry.
   *
   * @param dqda ∂Q/∂p (positive: raising p raises Q)
   * @param p the actor's unsquashed output
   * @return the scaled gradient; its sign flips when p is outside [pmin, pmax] and the gradient
   *     pushes it further out
   */
  public static double invertGradient(double dqda, double p, double pmin, double pmax) {
    double width = pmax - pmin;
    return dqda > 0 ? dqda * (pmax - p) / width : dqda * (p - pmin) / width;
  }

  /** The Rng every draw of this learner comes from (sampling, target noise). */
  public Rng rng() {
    return rng;
  }

  /** The online actor. */
  public Mlp actor() {
    expose();
    return actor;
  }

  /**
   * The online actor's current values for reading (exporting an actor file, evaluating): in float32
   * written from the float32 actor without handing the double view out, so later updates pay no
   * sync. Writes to it are not seen by the learner; use {@link #actor()} to change the actor.
   */
  public Mlp actorForExport() {
    if (f32 != null && !mirrored) {
      f32.actor.copyTo(actor);
    }
    return actor;
  }

  /** The target actor. */
  public Mlp actorTarget() {
    expose();
    return actorTarget;
  }

  /** The online critics (one, or two for TD3). */
  public Critic[] critics() {
    expose();
    return critics;
  }

  /** The target critics. */
  public Critic[] criticTargets() {
    expose();
    return criticTargets;
  }

  /** The actor's optimiser. */
  public Optimizer actorOptimizer() {
    expose();
    return actorOpt;
  }

  /** The critics' optimisers. */
  public Optimizer[] criticOptimizers() {
    expose();
    return criticOpts;
  }

  /** The options this learner runs with (a private copy). */
  public LearnerOptions options() {
    return opt;
  }

  /** Observation width. */
  public int obsSize() {
    return obsSize;
  }

  /** Action width. */
  public int actSize() {
    return actSize;
  }

  /** Critic updates done. */
  public long criticUpdates() {
    return criticUpdates;
  }

  /** Actor updates done. */
  public long actorUpdates() {
    return actorUpdates;
  }

  /** Restores the update counters (from a checkpoint). */
  public void restoreCounters(long critic, long actorCount) {
    criticUpdates = critic;
    actorUpdates = actorCount;
  }

  /** Mean squared TD error of the last critic update (critic 1). */
  public double lastCriticLoss() {
    return f32 != null ? f32.lastCriticLoss : lastCriticLoss;
  }

  /** −mean Q of the last actor update, plus the behaviour-cloning term when it is on. */
  public double lastActorLoss() {
    return f32 != null ? f32.lastActorLoss : lastActorLoss;
  }

  /** Mean Q(s, a) of the last critic update's batch. */
  public double lastMeanQ() {
    return f32 != null ? f32.lastMeanQ : lastMeanQ;
  }

  /** True when every parameter of every network is finite. */
  public boolean allFinite() {
    if (f32 != null) {
      begin();
      return f32.allFinite();
    }
    if (!actor.parameters().allFinite() || !actorTarget.parameters().allFinite()) {
      return false;
    }
    for (int c = 0; c < critics.length; c++) {
      if (!critics[c].parameters().allFinite() || !criticTargets[c].parameters().allFinite()) {
        return false;
      }
    }
    return true;
  }
}
