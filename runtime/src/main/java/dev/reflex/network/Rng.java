package dev.reflex.network;

import java.util.random.RandomGenerator;

/**
 * A seeded xoshiro256++ generator whose whole state can be saved and restored, so that a training
 * run resumed from a checkpoint draws exactly the numbers it would have drawn without stopping.
 * Gaussians use the Marsaglia polar method; its cached spare is part of the state. The one
 * generator of the project: learning, exploration noise, replay sampling, simulated plants (reset
 * draws, sensor noise) and the plant emulator's faults all draw from it; {@link #setSeed} restarts
 * it in place, without allocating.
 *
 * <p>Real-time: allocation-free. Threading: one thread at a time.
 */
public final class Rng implements RandomGenerator {
  private long s0;
  private long s1;
  private long s2;
  private long s3;
  private boolean hasSpare;
  private double spare;

  /** A generator seeded by SplitMix64 from {@code seed}. */
  public Rng(long seed) {
    setSeed(seed);
  }

  /**
   * Restarts the sequence from {@code seed}, exactly as {@code new Rng(seed)} would start it (the
   * cached Gaussian spare is dropped).
   */
  public void setSeed(long seed) {
    long x = seed;
    x += 0x9E3779B97F4A7C15L;
    s0 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s1 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s2 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s3 = mix(x);
    hasSpare = false;
    spare = 0.0;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public long nextLong() {
    long result = Long.rotateLeft(s0 + s3, 23) + s0;
    long t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return result;
  }

  @Override
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  @Override
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    // Lemire's multiply-shift with rejection: unbiased.
    long m = (nextLong() >>> 32) * bound;
    long l = m & 0xFFFFFFFFL;
    if (l < bound) {
      long threshold = (0x100000000L - bound) % bound;
      while (l < threshold) {
        m = (nextLong() >>> 32) * bound;
        l = m & 0xFFFFFFFFL;
      }
    }
    return (int) (m >>> 32);
  }

  @Override
  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * nextDouble() - 1;
      v = 2 * nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double f = Math.sqrt(-2 * Math.log(s) / s);
    spare = v * f;
    hasSpare = true;
    return u * f;
  }

  /** Uniform in [lo, hi). */
  public double uniform(double lo, double hi) {
    return lo + (hi - lo) * nextDouble();
  }

  /**
   * The whole state as six longs (four words, the spare flag, the spare's bits).
   *
   * @param out length at least 6. Modified.
   */
  public void saveState(long[] out) {
    out[0] = s0;
    out[1] = s1;
    out[2] = s2;
    out[3] = s3;
    out[4] = hasSpare ? 1 : 0;
    out[5] = Double.doubleToRawLongBits(spare);
  }

  /** Restores a state written by {@link #saveState}. Not modified. */
  public void restoreState(long[] in) {
    s0 = in[0];
    s1 = in[1];
    s2 = in[2];
    s3 = in[3];
    hasSpare = in[4] != 0;
    spare = Double.longBitsToDouble(in[5]);
  }
}
