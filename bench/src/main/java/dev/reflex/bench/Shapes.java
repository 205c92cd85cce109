package dev.reflex.bench;

import java.util.SplittableRandom;

/** Parses benchmark shape strings and makes seeded random weights. */
final class Shapes {
  private Shapes() {}

  /** {@code "3-64-64-1"} to {@code {3, 64, 64, 1}}. */
  static int[] sizes(String shape) {
    String[] parts = shape.split("-");
    int[] s = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      s[i] = Integer.parseInt(parts[i]);
    }
    return s;
  }

  /** Uniform in ±1/√in, PyTorch's default bound, from a fixed seed. */
  static float[] uniform(int length, int in, SplittableRandom rng) {
    float bound = (float) (1 / Math.sqrt(in));
    float[] a = new float[length];
    for (int k = 0; k < length; k++) {
      a[k] = (float) rng.nextDouble(-bound, bound);
    }
    return a;
  }

  /** Multiply-adds of one forward through {@code sizes}. */
  static long macs(int[] sizes) {
    long m = 0;
    for (int l = 0; l + 1 < sizes.length; l++) {
      m += (long) sizes[l] * sizes[l + 1];
    }
    return m;
  }
}
