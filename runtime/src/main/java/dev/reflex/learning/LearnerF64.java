package dev.reflex.learning;

import dev.reflex.network.Activation;
import dev.reflex.network.Adam;
import dev.reflex.network.Mlp;
import dev.reflex.network.Optimizer;
import dev.reflex.network.Rng;
import dev.reflex.network.kernel.DenseKernels;
import org.ejml.data.DMatrixRMaj;

/**
 * The double arithmetic of a {@link Learner}: its double networks, targets and optimisers, and the
 * TD3 steps on the current minibatch ({@link MinibatchSource}) — targets with smoothing noise, the
 * critic step(s), the actor step by the deterministic policy gradient (with inverting gradients and
 * the behaviour-cloning term when configured) and the soft target updates. Counters are the
 * learner's.
 *
 * <p>The networks are also the learner's public double view when it computes in float32 ({@link
 * LearnerF32} syncs them); its step methods are then not called.
 *
 * <p>Real-time: the step methods are allocation-free. Threading: the learner's thread.
 */
final class LearnerF64 {
  private final LearnerOptions opt;
  private final int actSize;
  private final Rng rng;
  private final BehaviourCloning bc;
  final Mlp actor;
  final Mlp actorTarget;
  final Critic[] critics;
  final Critic[] criticTargets;
  final Optimizer actorOpt;
  final Optimizer[] criticOpts;
  private final DMatrixRMaj nextAct;
  private final DMatrixRMaj target;
  private final DMatrixRMaj gradQ;
  private final DMatrixRMaj actorOut;
  private final DMatrixRMaj actorGradOut;
  double lastCriticLoss = Double.NaN;
  double lastActorLoss = Double.NaN;
  double lastMeanQ = Double.NaN;

  /**
   * Freshly initialised networks: the actor, then each critic, drawn from {@code rng} in that
   * order; targets start as copies.
   */
  LearnerF64(LearnerOptions opt, int obsSize, int actSize, Rng rng, DenseKernels kernels) {
    this.opt = opt;
    this.actSize = actSize;
    this.rng = rng;
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
    nextAct = new DMatrixRMaj(batch, actSize);
    target = new DMatrixRMaj(batch, 1);
    gradQ = new DMatrixRMaj(batch, 1);
    actorOut = new DMatrixRMaj(batch, actSize);
    actorGradOut = new DMatrixRMaj(batch, actSize);
    bc = new BehaviourCloning(actor);
  }

  /** The behaviour-cloning term on this actor. */
  BehaviourCloning behaviourCloning() {
    return bc;
  }

  /** Critic step(s) on {@code b}: targets, gradients, one optimiser step per critic. */
  void updateCritics(MinibatchSource b) {
    computeTargets(b);
    for (int c = 0; c < critics.length; c++) {
      computeCriticGradient(b, c);
      criticOpts[c].step();
    }
  }

  /** Actor step on {@code b} (behaviour-cloning weight {@code w}), then every target's update. */
  void updateActorAndTargets(MinibatchSource b, double w) {
    computeActorGradient(b, w);
    actorOpt.step();
    actorTarget.parameters().softUpdateFrom(actor.parameters(), opt.tau);
    softUpdateCriticTargets();
  }

  /** Soft update of the target critics by τ. */
  void softUpdateCriticTargets() {
    for (int c = 0; c < critics.length; c++) {
      criticTargets[c].parameters().softUpdateFrom(critics[c].parameters(), opt.tau);
    }
  }

  /** y = r + γ·(1 − terminated)·min_c Q'_c(s', μ'(s') + clip(ε)), into {@code target}. */
  private void computeTargets(MinibatchSource b) {
    int n = b.obs.numRows;
    DMatrixRMaj a2 = actorTarget.forward(b.nextObs);
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
      DMatrixRMaj q = criticTargets[c].forward(b.nextObs, nextAct);
      for (int i = 0; i < n; i++) {
        target.data[i] = c == 0 ? q.data[i] : Math.min(target.data[i], q.data[i]);
      }
    }
    for (int i = 0; i < n; i++) {
      target.data[i] = b.reward.data[i] + opt.gamma * b.notDone.data[i] * target.data[i];
    }
  }

  /**
   * Fills critic {@code c}'s parameter gradients for the loss mean((Q(s,a) − y)²) against the
   * targets already computed. Leaves the actor untouched.
   */
  private void computeCriticGradient(MinibatchSource b, int c) {
    int n = b.obs.numRows;
    DMatrixRMaj q = critics[c].forward(b.obs, b.act);
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
   * configured, and −g/N is backpropagated through the actor. With behaviour cloning on ({@code w}
   * > 0), its gradient is added to that output gradient.
   */
  void computeActorGradient(MinibatchSource b, double w) {
    int n = b.obs.numRows;
    DMatrixRMaj a = actor.forward(b.obs);
    actorOut.reshape(n, actSize);
    System.arraycopy(a.data, 0, actorOut.data, 0, n * actSize);
    DMatrixRMaj q = critics[0].forward(b.obs, actorOut);
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
        g = Learner.invertGradient(g, actorOut.data[k], -1, 1);
      }
      actorGradOut.data[k] = -g / n;
    }
    lastActorLoss = -meanQ / n + bc.addGradient(w, b.obs, actorOut, actorGradOut);
    actor.backward(actorGradOut, true, false);
  }

  /** True when every parameter of every network is finite. */
  boolean allFinite() {
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
