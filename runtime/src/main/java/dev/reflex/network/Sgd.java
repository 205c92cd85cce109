package dev.reflex.network;

import org.ejml.data.DMatrixRMaj;

/**
 * Plain stochastic gradient descent: {@code θ ← θ − lr·(g + λθ)}, with {@code g} clipped to a
 * global norm first when configured.
 *
 * <p>Real-time: {@link #step} is allocation-free. Threading: one thread at a time.
 */
public final class Sgd implements Optimizer {
  private static final DMatrixRMaj[] NO_STATE = new DMatrixRMaj[0];
  private final Parameters params;
  private final double weightDecay;
  private final double maxGradNorm;
  private double lr;
  private long t;

  /** SGD with the given learning rate, L2 weight decay and clipping norm (≤ 0: off). */
  public Sgd(Parameters params, double lr, double weightDecay, double maxGradNorm) {
    this.params = params;
    this.lr = lr;
    this.weightDecay = weightDecay;
    this.maxGradNorm = maxGradNorm;
  }

  @Override
  public void step() {
    double scale = Optimizer.clipScale(params, maxGradNorm);
    t++;
    for (int i = 0; i < params.count(); i++) {
      double[] p = params.value(i).data;
      double[] g = params.grad(i).data;
      int n = params.value(i).getNumElements();
      for (int k = 0; k < n; k++) {
        p[k] -= lr * (g[k] * scale + weightDecay * p[k]);
      }
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
    return NO_STATE;
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
