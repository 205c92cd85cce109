package dev.reflex.plant.sim;

import dev.reflex.network.Rng;

/**
 * Additive zero-mean Gaussian sensor noise with its own seeded generator, so that changing the
 * noise never changes the plant's reset draws or dynamics.
 *
 * <p>Real-time: {@link #apply} is allocation-free. Threading: one thread at a time.
 */
public final class SensorNoise {
  private final Rng rng = new Rng(0L);
  private double stdDev;

  /** Restarts the noise sequence from {@code seed}. */
  public void reseed(long seed) {
    rng.setSeed(seed);
  }

  /** Sets the standard deviation (in each observation entry's own unit); 0 turns noise off. */
  public void setStdDev(double stdDev) {
    this.stdDev = stdDev;
  }

  /** The standard deviation. */
  public double stdDev() {
    return stdDev;
  }

  /**
   * Adds independent noise to the first {@code count} entries of {@code values}; draws nothing when
   * the deviation is 0.
   *
   * @param values observation. Modified.
   * @param count how many leading entries are measured (and get noise)
   */
  public void apply(double[] values, int count) {
    if (stdDev == 0.0) {
      return;
    }
    for (int i = 0; i < count; i++) {
      values[i] += stdDev * rng.nextGaussian();
    }
  }
}
