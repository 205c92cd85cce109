package dev.reflex.learning;

import dev.reflex.network.Rng;

/**
 * Ornstein–Uhlenbeck noise, {@code x ← x + θ(μ − x)dt + σ√dt·N(0, 1)}, temporally correlated (DDPG
 * paper: θ = 0.15, σ = 0.2, μ = 0, dt = 1).
 *
 * <p>Real-time: allocation-free. Threading: one thread at a time.
 */
public final class OrnsteinUhlenbeckNoise implements ActionNoise {
  private final Rng rng;
  private final double theta;
  private final double dt;
  private final double[] x;
  private double sigma;

  /** OU noise over {@code dims} dimensions. */
  public OrnsteinUhlenbeckNoise(int dims, double theta, double sigma, double dt, Rng rng) {
    this.theta = theta;
    this.sigma = sigma;
    this.dt = dt;
    this.rng = rng;
    this.x = new double[dims];
  }

  @Override
  public void sample(double[] out) {
    double sq = Math.sqrt(dt);
    for (int i = 0; i < x.length; i++) {
      x[i] += -theta * x[i] * dt + sigma * sq * rng.nextGaussian();
      out[i] = x[i];
    }
  }

  @Override
  public void reset() {
    java.util.Arrays.fill(x, 0);
  }

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
    return x;
  }
}
