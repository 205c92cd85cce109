package dev.reflex.network;

import dev.reflex.network.kernel.DenseKernelsF32;
import org.ejml.data.DMatrixRMaj;

/**
 * {@link Adam} in float32: the same formulation (PyTorch's, bias-corrected, L2 weight decay added
 * to the gradient, optional global-norm clip), with moments stored in the parameters' layout. The
 * bias corrections and the clip factor are computed in double and rounded once per step.
 *
 * <p>Real-time: {@link #step} is allocation-free. Threading: one thread at a time.
 */
public final class AdamF32 {
  private final ParametersF32 params;
  private final DenseKernelsF32 kernels;
  private final float[][] m;
  private final float[][] v;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final double maxGradNorm;
  private double lr;
  private long t;

  /** Adam with β = (0.9, 0.999), ε = 1e-8, on {@code kernels}. */
  public AdamF32(
      ParametersF32 params,
      double lr,
      double weightDecay,
      double maxGradNorm,
      DenseKernelsF32 kernels) {
    this.params = params;
    this.kernels = kernels;
    this.lr = lr;
    this.beta1 = 0.9;
    this.beta2 = 0.999;
    this.eps = 1e-8;
    this.weightDecay = weightDecay;
    this.maxGradNorm = maxGradNorm;
    m = new float[params.count()][];
    v = new float[params.count()][];
    for (int i = 0; i < params.count(); i++) {
      m[i] = new float[params.value(i).length];
      v[i] = new float[params.value(i).length];
    }
  }

  /** Applies one update from the current gradients. */
  public void step() {
    double scale = 1;
    if (maxGradNorm > 0) {
      double norm = params.gradNorm();
      scale = norm > maxGradNorm ? maxGradNorm / (norm + 1e-12) : 1;
    }
    t++;
    double bc1 = 1 - Math.pow(beta1, t);
    double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
    for (int i = 0; i < params.count(); i++) {
      float[] p = params.value(i);
      kernels.adamStep(
          p,
          params.grad(i),
          m[i],
          v[i],
          p.length,
          (float) scale,
          (float) weightDecay,
          (float) beta1,
          (float) beta2,
          (float) (lr / bc1),
          (float) bc2Sqrt,
          (float) eps);
    }
  }

  /** The parameters this optimiser moves. */
  public ParametersF32 parameters() {
    return params;
  }

  /** Steps taken. */
  public long steps() {
    return t;
  }

  /** The learning rate. */
  public double learningRate() {
    return lr;
  }

  /** First moment of tensor {@code i}, stored layout. Live. */
  public float[] firstMoment(int i) {
    return m[i];
  }

  /** Second moment of tensor {@code i}, stored layout. Live. */
  public float[] secondMoment(int i) {
    return v[i];
  }

  /** Writes moments, step count and learning rate into a double {@link Optimizer}, exactly. */
  public void copyTo(Optimizer dst) {
    DMatrixRMaj[] state = dst.state();
    for (int i = 0; i < params.count(); i++) {
      params.toDouble(i, m[i], state[2 * i]);
      params.toDouble(i, v[i], state[2 * i + 1]);
    }
    dst.setSteps(t);
    dst.setLearningRate(lr);
  }

  /** Reads moments, step count and learning rate from a double {@link Optimizer} (rounding). */
  public void copyFrom(Optimizer src) {
    DMatrixRMaj[] state = src.state();
    for (int i = 0; i < params.count(); i++) {
      params.fromDouble(i, state[2 * i], m[i]);
      params.fromDouble(i, state[2 * i + 1], v[i]);
    }
    t = src.steps();
    lr = src.learningRate();
  }
}
