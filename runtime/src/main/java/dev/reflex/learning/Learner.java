package dev.reflex.learning;

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
 * <p>Roles: {@link LearnerF64} (the double networks, optimisers and steps), {@link LearnerF32} (the
 * same in float32), {@link MinibatchSource} (the current minibatch, sampled from either kind of
 * replay buffer), {@link BehaviourCloning} (the anchor and λ) and {@link DoubleView} (the double
 * networks' sync in float32). This class is the public face: it picks the precision, counts updates
 * and spaces actor steps by the policy delay.
 *
 * <p>Real-time: {@link #update}, {@link #updateCriticsOnly} and {@link #act} are allocation-free
 * after construction. Threading: one thread at a time (the trainer's, or the board's learner
 * thread).
 */
public final class Learner {
  private final LearnerOptions opt;
  private final int obsSize;
  private final int actSize;
  private final Rng rng;
  private final LearnerF64 f64;
  private final LearnerF32 f32;
  private final MinibatchSource batch;
  private final BehaviourCloning bc;
  private final DoubleView view;

  private long criticUpdates;
  private long actorUpdates;

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
    f64 = new LearnerF64(opt, obsSize, actSize, rng, kernels);
    bc = f64.behaviourCloning();
    if (opt.precision == Precision.F32) {
      f32 = new LearnerF32(this, rng, kernels == DenseKernels.scalar());
      f32.pullFrom(this);
    } else {
      f32 = null;
    }
    batch = new MinibatchSource(opt.batchSize, obsSize, actSize, rng, f32);
    view = new DoubleView(this, f32);
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
    if (!bc.schedule(weight, halfLife, actorUpdates)) {
      return;
    }
    if (f32 != null) {
      view.begin();
      f32.anchorBehaviourCloning();
    } else {
      bc.copyAnchor();
    }
  }

  /** λ of the behaviour-cloning term for the next actor step (0: off). */
  public double behaviourCloningWeight() {
    return bc.weight(actorUpdates);
  }

  /** The arithmetic this learner computes in. */
  public Precision precision() {
    return opt.precision;
  }

  /** Before a float32 step: the double view's writes in, the current batch into float32. */
  private void beginF32Step() {
    view.begin();
    batch.loadIntoF32();
  }

  /** For checkpoints: the double view written from the float32 state, without handing it out. */
  void writeDoubleView() {
    view.write();
  }

  /** For checkpoints: the float32 state reloaded from the double view just restored. */
  void readDoubleView() {
    view.read();
  }

  /** The float32 core, or null in double (tests of this package). */
  LearnerF32 f32Core() {
    return f32;
  }

  // The double networks without the view bookkeeping (this package: the float32 core, checkpoints).
  Mlp actorStore() {
    return f64.actor;
  }

  Mlp actorTargetStore() {
    return f64.actorTarget;
  }

  Critic[] criticStore() {
    return f64.critics;
  }

  Critic[] criticTargetStore() {
    return f64.criticTargets;
  }

  Optimizer actorOptStore() {
    return f64.actorOpt;
  }

  Optimizer[] criticOptStore() {
    return f64.criticOpts;
  }

  /**
   * The deterministic action for one observation, in [−1, 1] (clipped when the actor is linear).
   *
   * @param observation not modified
   * @param actionOut modified
   */
  public void act(double[] observation, double[] actionOut) {
    if (f32 != null) {
      view.begin();
      f32.act(observation, actionOut);
    } else {
      f64.actor.forwardSingle(observation, actionOut);
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
    batch.sample(replay);
    updateOnBatch();
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
    batch.sample(replay);
    if (f32 != null) {
      beginF32Step();
      f32.updateCritics();
      criticUpdates++;
      f32.softUpdateCriticTargets();
      view.end();
      return;
    }
    updateCritics();
    f64.softUpdateCriticTargets();
  }

  /**
   * Samples a minibatch from {@code replay} into the double batch buffers (tests of a partial
   * step).
   */
  void sample(ReplayBuffer replay) {
    batch.sampleDouble(replay);
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
    batch.copyTo(obsOut, actOut, rewardOut, nextObsOut, notDoneOut);
  }

  /** One learner step on the current minibatch (the last one sampled). */
  public void updateOnBatch() {
    if (f32 != null) {
      beginF32Step();
      f32.updateCritics();
      criticUpdates++;
      if (criticUpdates % opt.policyDelay == 0) {
        f32.updateActorAndTargets(behaviourCloningWeight());
        actorUpdates++;
      }
      view.end();
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
      beginF32Step();
      f32.updateCritics();
      criticUpdates++;
      view.end();
      return;
    }
    f64.updateCritics(batch);
    criticUpdates++;
  }

  /** Actor step on the current batch, then soft updates of every target network. */
  public void updateActorAndTargets() {
    if (f32 != null) {
      beginF32Step();
      f32.updateActorAndTargets(behaviourCloningWeight());
      actorUpdates++;
      view.end();
      return;
    }
    f64.updateActorAndTargets(batch, behaviourCloningWeight());
    actorUpdates++;
  }

  /**
   * Fills the actor's parameter gradients with ∇θ of −mean Q₁(s, μ(s|θ)) by the chain rule: the
   * critic gives ∂Q/∂a (its own gradients untouched), inverting gradients are applied when
   * configured, and −g/N is backpropagated through the actor. With behaviour cloning on, 2λ(μ(s) −
   * μ₀(s))/N is added to that output gradient (the gradient of λ·mean‖μ(s) − μ₀(s)‖²).
   */
  public void computeActorGradient() {
    if (f32 != null) {
      beginF32Step();
      f32.computeActorGradient(behaviourCloningWeight());
      if (view.mirrored()) {
        f32.actor.parameters().copyGradsTo(f64.actor.parameters());
      }
      view.end();
      return;
    }
    f64.computeActorGradient(batch, behaviourCloningWeight());
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
    view.expose();
    return f64.actor;
  }

  /**
   * The online actor's current values for reading (exporting an actor file, evaluating): in float32
   * written from the float32 actor without handing the double view out, so later updates pay no
   * sync. Writes to it are not seen by the learner; use {@link #actor()} to change the actor.
   */
  public Mlp actorForExport() {
    view.exportActor(f64.actor);
    return f64.actor;
  }

  /** The target actor. */
  public Mlp actorTarget() {
    view.expose();
    return f64.actorTarget;
  }

  /** The online critics (one, or two for TD3). */
  public Critic[] critics() {
    view.expose();
    return f64.critics;
  }

  /** The target critics. */
  public Critic[] criticTargets() {
    view.expose();
    return f64.criticTargets;
  }

  /** The actor's optimiser. */
  public Optimizer actorOptimizer() {
    view.expose();
    return f64.actorOpt;
  }

  /** The critics' optimisers. */
  public Optimizer[] criticOptimizers() {
    view.expose();
    return f64.criticOpts;
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
    return f32 != null ? f32.lastCriticLoss : f64.lastCriticLoss;
  }

  /** −mean Q of the last actor update, plus the behaviour-cloning term when it is on. */
  public double lastActorLoss() {
    return f32 != null ? f32.lastActorLoss : f64.lastActorLoss;
  }

  /** Mean Q(s, a) of the last critic update's batch. */
  public double lastMeanQ() {
    return f32 != null ? f32.lastMeanQ : f64.lastMeanQ;
  }

  /** True when every parameter of every network is finite. */
  public boolean allFinite() {
    if (f32 != null) {
      view.begin();
      return f32.allFinite();
    }
    return f64.allFinite();
  }
}
