package dev.reflex.plant.sim;

import java.util.random.RandomGenerator;

/**
 * A reseedable SplitMix64 generator (Steele, Lea and Flood 2014): 64 bits of state, a fixed
 * increment and a mixing function. Used for sensor noise and seeded resets, where a generator must
 * be reseeded without allocating a new one.
 *
 * <p>Real-time: {@link #nextLong}, {@link #nextDouble} and {@link #nextGaussian} are
 * allocation-free. Threading: one thread at a time.
 */
public final class SplitMix64Random implements RandomGenerator {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private long state;
  private double spareGaussian;
  private boolean hasSpare;

  /** A generator seeded with {@code seed}. */
  public SplitMix64Random(long seed) {
    setSeed(seed);
  }

  /** Restarts the sequence from {@code seed}; the same seed gives the same sequence. */
  public void setSeed(long seed) {
    state = seed;
    hasSpare = false;
  }

  @Override
  public long nextLong() {
    long z = (state += GOLDEN_GAMMA);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  @Override
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /**
   * A standard normal sample (Marsaglia's polar method, the second sample kept for the next call).
   */
  @Override
  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spareGaussian;
    }
    double u;
    double v;
    double s;
    do {
      u = 2.0 * nextDouble() - 1.0;
      v = 2.0 * nextDouble() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    double scale = Math.sqrt(-2.0 * Math.log(s) / s);
    spareGaussian = v * scale;
    hasSpare = true;
    return u * scale;
  }
}
