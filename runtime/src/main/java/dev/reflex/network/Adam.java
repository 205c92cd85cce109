package dev.reflex.network;

import dev.reflex.network.kernel.DenseKernels;
import org.ejml.data.DMatrixRMaj;

/**
 * Adam (Kingma &amp; Ba 2015) with bias correction, in PyTorch's formulation: {@code m ← β₁m +
 * (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − (lr/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε)}, where {@code g}
 * includes the L2 weight-decay term {@code λθ} and is clipped to a global norm first when
 * configured.
 *
 * <p>The element-wise step runs on {@link DenseKernels#adamStep} (vectorised where the Vector API
 * is present, bit-identical to the plain-Java loop either way).
 *
 * <p>Real-time: {@link #step} is allocation-free. Threading: one thread at a time.
 */
public final class Adam implements Optimizer {
  private final Parameters params;
  private final DenseKernels kernels;
  private final DMatrixRMaj[] m;
  private final DMatrixRMaj[] v;
  private final DMatrixRMaj[] state;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final double maxGradNorm;
  private double lr;
  private long t;

  /** Adam with β = (0.9, 0.999), ε = 1e-8. */
  public Adam(Parameters params, double lr, double weightDecay, double maxGradNorm) {
    this(params, lr, 0.9, 0.999, 1e-8, weightDecay, maxGradNorm);
  }

  /** Adam with every constant given. */
  public Adam(
      Parameters params,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay,
      double maxGradNorm) {
    this.params = params;
    this.kernels = DenseKernels.best();
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.maxGradNorm = maxGradNorm;
    int n = params.count();
    m = new DMatrixRMaj[n];
    v = new DMatrixRMaj[n];
    state = new DMatrixRMaj[2 * n];
    for (int i = 0; i < n; i++) {
      DMatrixRMaj p = params.value(i);
      m[i] = new DMatrixRMaj(p.numRows, p.numCols);
      v[i] = new DMatrixRMaj(p.numRows, p.numCols);
      state[2 * i] = m[i];
      state[2 * i + 1] = v[i];
    }
  }

  @Override
  public void step() {
    double scale = Optimizer.clipScale(params, maxGradNorm);
    t++;
    double bc1 = 1 - Math.pow(beta1, t);
    double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
    double stepSize = lr / bc1;
    for (int i = 0; i < params.count(); i++) {
      DMatrixRMaj value = params.value(i);
      kernels.adamStep(
          value.data,
          params.grad(i).data,
          m[i].data,
          v[i].data,
          value.getNumElements(),
          scale,
          weightDecay,
          beta1,
          beta2,
          stepSize,
          bc2Sqrt,
          eps);
    }
  }

  @Override
  public long steps() {
    return t;
  }

  @Override
  public void setSteps(long steps) {
    t = steps;
  }

  @Override
  public Parameters parameters() {
    return params;
  }

  @Override
  public DMatrixRMaj[] state() {
    return state;
  }

  @Override
  public double learningRate() {
    return lr;
  }

  @Override
  public void setLearningRate(double learningRate) {
    lr = learningRate;
  }
}
