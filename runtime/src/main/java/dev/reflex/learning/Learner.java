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
 * <p>Real-time: {@link #update} and {@link #act} are allocation-free after construction. Threading:
 * one thread at a time (the trainer's, or the board's learner thread).
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
    if (f32 != null && replay.isFloat32()) {
      f32.sample(replay, opt.batchSize, rng);
      batchInF32 = true;
    } else {
      replay.sample(opt.batchSize, rng, obs, act, reward, nextObs, notDone);
      batchInF32 = false;
    }
    updateOnBatch();
  }

  /** Samples a minibatch from {@code replay} into the batch buffers (for a partial update). */
  public void sample(ReplayBuffer replay) {
    replay.sample(opt.batchSize, rng, obs, act, reward, nextObs, notDone);
    batchInF32 = false;
  }

  /** Soft-updates the target critics only (critic warm-up with a frozen actor). */
  public void softUpdateCriticTargets() {
    if (f32 != null) {
      begin();
      f32.softUpdateCriticTargets();
      end();
      return;
    }
    for (int c = 0; c < critics.length; c++) {
      criticTargets[c].parameters().softUpdateFrom(critics[c].parameters(), opt.tau);
    }
  }

  /** The batch buffers {@link #updateOnBatch} reads (for tests that set a batch by hand). */
  public DMatrixRMaj[] batchBuffers() {
    if (batchInF32) {
      f32.storeBatch(obs, act, reward, nextObs, notDone);
      batchInF32 = false;
    }
    return new DMatrixRMaj[] {obs, act, reward, nextObs, notDone};
  }

  /** One learner step on the batch currently in {@link #batchBuffers()}. */
  public void updateOnBatch() {
    if (f32 != null) {
      begin();
      loadBatchF32();
      f32.updateCritics();
      criticUpdates++;
      if (criticUpdates % opt.policyDelay == 0) {
        f32.updateActorAndTargets();
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
      f32.updateActorAndTargets();
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
   * configured, and −g/N is backpropagated through the actor.
   */
  public void computeActorGradient() {
    if (f32 != null) {
      begin();
      loadBatchF32();
      f32.computeActorGradient();
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
    lastActorLoss = -meanQ / n;
    DMatrixRMaj dqda = critics[0].backward(gradQ, false, true);
    actorGradOut.reshape(n, actSize);
    for (int k = 0; k < n * actSize; k++) {
      double g = dqda.data[k];
      if (opt.boundMode == BoundMode.INVERTING_GRADIENTS) {
        g = invertGradient(g, actorOut.data[k], -1, 1);
      }
      actorGradOut.data[k] = -g / n;
    }
    actor.backward(actorGradOut, true, false);
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

  /** −mean Q of the last actor update. */
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
