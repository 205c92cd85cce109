package dev.reflex.learning;

import dev.reflex.network.AdamF32;
import dev.reflex.network.MlpF32;
import dev.reflex.network.ParametersF32;
import dev.reflex.network.Rng;
import dev.reflex.network.kernel.DenseKernelsF32;
import java.util.function.Supplier;
import org.ejml.data.DMatrixRMaj;

/**
 * The float32 arithmetic of a {@link Learner}: its networks, targets and Adam moments in float32,
 * the same steps in the same order as the double learner, drawing from the learner's own generator
 * (so both precisions sample the same minibatches and target noise from one seed). The {@link
 * Learner} owns it and converts to and from its double networks when someone asks for them.
 *
 * <p>Real-time: every update method is allocation-free. Threading: the learner's thread.
 */
final class LearnerF32 {
  private final LearnerOptions opt;
  private final int actSize;
  private final int obsSize;
  private final Rng rng;
  final MlpF32 actor;
  final MlpF32 actorTarget;
  final CriticF32[] critics;
  final CriticF32[] criticTargets;
  final AdamF32 actorOpt;
  final AdamF32[] criticOpts;
  private final float tau;
  private final float[] obs;
  private final float[] act;
  private final float[] reward;
  private final float[] nextObs;
  private final float[] notDone;
  private final float[] nextAct;
  private final float[] target;
  private final float[] gradQ;
  private final float[] actorOut;
  private final float[] actorGradOut;
  private final float[] single;
  private final dev.reflex.network.Mlp actorShape;
  private final Supplier<DenseKernelsF32> kernelSource;
  private MlpF32 bcAnchor;
  private int n;
  double lastCriticLoss = Double.NaN;
  double lastActorLoss = Double.NaN;
  double lastMeanQ = Double.NaN;

  /** Float32 networks shaped as {@code l}'s (values loaded by {@link #pullFrom}). */
  LearnerF32(Learner l, Rng rng, boolean scalarKernels) {
    Supplier<DenseKernelsF32> k =
        scalarKernels ? DenseKernelsF32::createScalar : DenseKernelsF32::create;
    this.opt = l.options();
    this.obsSize = l.obsSize();
    this.actSize = l.actSize();
    this.rng = rng;
    this.tau = (float) opt.tau;
    this.actorShape = l.actorStore();
    this.kernelSource = k;
    int batch = opt.batchSize;
    actor = MlpF32.like(l.actorStore(), k.get());
    actorTarget = MlpF32.like(l.actorStore(), k.get());
    int c = l.criticStore().length;
    critics = new CriticF32[c];
    criticTargets = new CriticF32[c];
    criticOpts = new AdamF32[c];
    for (int i = 0; i < c; i++) {
      critics[i] = new CriticF32(l.criticStore()[i], batch, k);
      criticTargets[i] = new CriticF32(l.criticStore()[i], batch, k);
      criticOpts[i] =
          new AdamF32(
              critics[i].parameters(),
              opt.criticLr,
              opt.criticWeightDecay,
              opt.maxGradNorm,
              k.get());
    }
    actorOpt = new AdamF32(actor.parameters(), opt.actorLr, 0, opt.maxGradNorm, actor.kernels());
    obs = new float[batch * obsSize];
    act = new float[batch * actSize];
    reward = new float[batch];
    nextObs = new float[batch * obsSize];
    notDone = new float[batch];
    nextAct = new float[batch * actSize];
    target = new float[batch];
    gradQ = new float[batch];
    actorOut = new float[batch * actSize];
    actorGradOut = new float[batch * actSize];
    single = new float[obsSize];
  }

  /** Rounds the learner's double minibatch ({@link Learner#copyBatch}) into float32. */
  void loadBatch(DMatrixRMaj o, DMatrixRMaj a, DMatrixRMaj r, DMatrixRMaj o2, DMatrixRMaj nd) {
    n = o.numRows;
    round(o.data, obs, n * obsSize);
    round(a.data, act, n * actSize);
    round(r.data, reward, n);
    round(o2.data, nextObs, n * obsSize);
    round(nd.data, notDone, n);
  }

  /** Samples a minibatch of {@code batch} rows from {@code replay} straight into float32. */
  void sample(ReplayBuffer replay, int batch, java.util.random.RandomGenerator from) {
    replay.sample(batch, from, obs, act, reward, nextObs, notDone);
    n = batch;
  }

  /** Writes the current float32 batch into the double batch buffers (exact), reshaping them. */
  void storeBatch(DMatrixRMaj o, DMatrixRMaj a, DMatrixRMaj r, DMatrixRMaj o2, DMatrixRMaj nd) {
    o.reshape(n, obsSize);
    a.reshape(n, actSize);
    r.reshape(n, 1);
    o2.reshape(n, obsSize);
    nd.reshape(n, 1);
    widen(obs, o.data, n * obsSize);
    widen(act, a.data, n * actSize);
    widen(reward, r.data, n);
    widen(nextObs, o2.data, n * obsSize);
    widen(notDone, nd.data, n);
  }

  private static void widen(float[] src, double[] dst, int count) {
    for (int i = 0; i < count; i++) {
      dst[i] = src[i];
    }
  }

  private static void round(double[] src, float[] dst, int count) {
    for (int i = 0; i < count; i++) {
      dst[i] = (float) src[i];
    }
  }

  /** Critic step(s): targets, gradients, one optimiser step per critic. */
  void updateCritics() {
    computeTargets();
    for (int c = 0; c < critics.length; c++) {
      computeCriticGradient(c);
      criticOpts[c].step();
      critics[c].parametersChanged();
    }
  }

  /** Actor step (behaviour-cloning weight {@code bc}), then soft updates of every target. */
  void updateActorAndTargets(double bc) {
    computeActorGradient(bc);
    actorOpt.step();
    actor.parametersChanged();
    actorTarget.parameters().softUpdateFrom(actor.parameters(), tau);
    actorTarget.parametersChanged();
    softUpdateCriticTargets();
  }

  void softUpdateCriticTargets() {
    for (int c = 0; c < critics.length; c++) {
      criticTargets[c].parameters().softUpdateFrom(critics[c].parameters(), tau);
      criticTargets[c].parametersChanged();
    }
  }

  private void computeTargets() {
    float[] a2 = actorTarget.forward(nextObs, n);
    for (int k = 0; k < n * actSize; k++) {
      double a = a2[k];
      if (opt.targetNoise > 0) {
        double eps = opt.targetNoise * rng.nextGaussian();
        eps = Math.max(-opt.targetNoiseClip, Math.min(opt.targetNoiseClip, eps));
        a += eps;
      }
      nextAct[k] = (float) Math.max(-1, Math.min(1, a));
    }
    for (int c = 0; c < criticTargets.length; c++) {
      float[] q = criticTargets[c].forward(nextObs, nextAct, n);
      for (int i = 0; i < n; i++) {
        target[i] = c == 0 ? q[i] : Math.min(target[i], q[i]);
      }
    }
    for (int i = 0; i < n; i++) {
      target[i] = (float) (reward[i] + opt.gamma * notDone[i] * target[i]);
    }
  }

  private void computeCriticGradient(int c) {
    float[] q = critics[c].forward(obs, act, n);
    double loss = 0;
    double meanQ = 0;
    for (int i = 0; i < n; i++) {
      float e = q[i] - target[i];
      loss += (double) e * e;
      meanQ += q[i];
      gradQ[i] = 2 * e / n;
    }
    if (c == 0) {
      lastCriticLoss = loss / n;
      lastMeanQ = meanQ / n;
    }
    critics[c].backward(gradQ, true, false);
  }

  /** The behaviour-cloning anchor μ₀: a frozen copy of the actor now. */
  void anchorBehaviourCloning() {
    if (bcAnchor == null) {
      bcAnchor = MlpF32.like(actorShape, kernelSource.get());
    }
    ParametersF32 src = actor.parameters();
    ParametersF32 dst = bcAnchor.parameters();
    for (int i = 0; i < src.count(); i++) {
      System.arraycopy(src.value(i), 0, dst.value(i), 0, src.value(i).length);
    }
    bcAnchor.parametersChanged();
  }

  /**
   * ∇θ of −mean Q₁(s, μ(s|θ)) + bc·mean‖μ(s) − μ₀(s)‖² into the actor's gradients; the critic's are
   * left untouched.
   */
  void computeActorGradient(double bc) {
    float[] a = actor.forward(obs, n);
    System.arraycopy(a, 0, actorOut, 0, n * actSize);
    float[] q = critics[0].forward(obs, actorOut, n);
    double meanQ = 0;
    for (int i = 0; i < n; i++) {
      gradQ[i] = 1;
      meanQ += q[i];
    }
    float[] dqda = critics[0].backward(gradQ, false, true);
    boolean inverting = opt.boundMode == BoundMode.INVERTING_GRADIENTS;
    float[] a0 = bc > 0 ? bcAnchor.forward(obs, n) : null;
    double bcSum = 0;
    for (int k = 0; k < n * actSize; k++) {
      double g = dqda[k];
      if (inverting) {
        g = Learner.invertGradient(g, actorOut[k], -1, 1);
      }
      double out = -g / n;
      if (a0 != null) {
        double d = (double) actorOut[k] - a0[k];
        bcSum += d * d;
        out += 2 * bc * d / n;
      }
      actorGradOut[k] = (float) out;
    }
    lastActorLoss = -meanQ / n + bc * bcSum / n;
    actor.backward(actorGradOut, true, null, 0, 0);
  }

  /** The online actor's action for one observation, in [−1, 1] before any clip. */
  void act(double[] observation, double[] actionOut) {
    for (int i = 0; i < obsSize; i++) {
      single[i] = (float) observation[i];
    }
    float[] y = actor.forward(single, 1);
    for (int i = 0; i < actSize; i++) {
      actionOut[i] = y[i];
    }
  }

  /** Loads every network and optimiser from the learner's double ones (rounding). */
  void pullFrom(Learner l) {
    actor.copyFrom(l.actorStore());
    actorTarget.copyFrom(l.actorTargetStore());
    actorOpt.copyFrom(l.actorOptStore());
    for (int c = 0; c < critics.length; c++) {
      critics[c].copyFrom(l.criticStore()[c]);
      criticTargets[c].copyFrom(l.criticTargetStore()[c]);
      criticOpts[c].copyFrom(l.criticOptStore()[c]);
    }
  }

  /** Writes every network and optimiser into the learner's double ones (exact). */
  void pushTo(Learner l) {
    actor.copyTo(l.actorStore());
    actorTarget.copyTo(l.actorTargetStore());
    actorOpt.copyTo(l.actorOptStore());
    for (int c = 0; c < critics.length; c++) {
      critics[c].copyTo(l.criticStore()[c]);
      criticTargets[c].copyTo(l.criticTargetStore()[c]);
      criticOpts[c].copyTo(l.criticOptStore()[c]);
    }
  }

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
