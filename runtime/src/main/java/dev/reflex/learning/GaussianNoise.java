package dev.reflex.learning;

import dev.reflex.network.Rng;

/**
 * Independent Gaussian noise N(0, σ²) per action dimension (TD3 paper: σ = 0.1).
 *
 * <p>Real-time: allocation-free. Threading: one thread at a time.
 */
public final class GaussianNoise implements ActionNoise {
  private static final double[] NO_STATE = new double[0];
  private final Rng rng;
  private double sigma;

  /** Gaussian noise of std {@code sigma} drawn from {@code rng}. */
  public GaussianNoise(double sigma, Rng rng) {
    this.sigma = sigma;
    this.rng = rng;
  }

  @Override
  public void sample(double[] out) {
    for (int i = 0; i < out.length; i++) {
      out[i] = sigma * rng.nextGaussian();
    }
  }

  @Override
  public void reset() {}

  @Override
  public double scale() {
    return sigma;
  }

  @Override
  public void setScale(double scale) {
    sigma = scale;
  }

  @Override
  public double[] state() {
    return NO_STATE;
  }
}
