package dev.reflex.network.kernel;

import dev.reflex.network.Activation;
import java.util.SplittableRandom;

/**
 * Compares a {@link DenseKernels} implementation with the plain-Java reference on random inputs.
 * Used by the tests in this JVM and, through {@link KernelSelfCheck}, in child JVMs with other
 * vector widths.
 */
final class KernelAgreement {
  static final int[] SIZES = {1, 3, 17, 63, 65, 300};
  static final int[] BATCHES = {1, 2, 7, 64, 100, 256};

  private KernelAgreement() {}

  static double[] random(int length, SplittableRandom rng) {
    double[] a = new double[length];
    for (int k = 0; k < length; k++) {
      a[k] = rng.nextDouble(-1, 1);
    }
    return a;
  }

  /**
   * Largest error of {@code k} against the reference on one shape, relative to the magnitude of the
   * terms summed ({@code Σ|a·b|}), over the three products.
   */
  static double maxRelativeError(DenseKernels k, int n, int in, int out, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = random(n * in, rng);
    double[] w = random(out * in, rng);
    double[] b = random(out, rng);
    double[] dy = random(n * out, rng);
    DenseKernels ref = ScalarDenseKernels.INSTANCE;
    double worst = 0;

    double[] y = filled(n * out);
    double[] yRef = new double[n * out];
    k.forward(x, w, b, y, n, in, out);
    ref.forward(x, w, b, yRef, n, in, out);
    double[] absX = abs(x);
    double[] absW = abs(w);
    double[] scale = new double[n * out];
    ref.forward(absX, absW, abs(b), scale, n, in, out);
    worst = Math.max(worst, relative(y, yRef, scale));

    double[] gw = filled(out * in);
    double[] gb = filled(out);
    double[] gwRef = new double[out * in];
    double[] gbRef = new double[out];
    k.weightGrad(dy, x, gw, gb, n, in, out);
    ref.weightGrad(dy, x, gwRef, gbRef, n, in, out);
    double[] gwScale = new double[out * in];
    double[] gbScale = new double[out];
    ref.weightGrad(abs(dy), absX, gwScale, gbScale, n, in, out);
    worst = Math.max(worst, relative(gw, gwRef, gwScale));
    worst = Math.max(worst, relative(gb, gbRef, gbScale));

    double[] dx = filled(n * in);
    double[] dxRef = new double[n * in];
    k.inputGrad(dy, w, dx, n, in, out);
    ref.inputGrad(dy, w, dxRef, n, in, out);
    double[] dxScale = new double[n * in];
    ref.inputGrad(abs(dy), absW, dxScale, n, in, out);
    worst = Math.max(worst, relative(dx, dxRef, dxScale));
    return worst;
  }

  /**
   * Largest error of a float32 dense forward against the double-precision reference on one shape,
   * relative to {@code Σ|w·x|}, over a forward of each of {@code n} rows (identity activation) into
   * an output that must not be written past.
   */
  static double maxRelativeErrorF32(DenseForwardF32 kernel, int n, int in, int out, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = toFloat(random(n * in, rng));
    float[] w = toFloat(random(out * in, rng));
    float[] b = toFloat(random(out, rng));
    double[] yRef = new double[n * out];
    double[] scale = new double[n * out];
    ScalarDenseKernels.INSTANCE.forward(toDouble(x), toDouble(w), toDouble(b), yRef, n, in, out);
    ScalarDenseKernels.INSTANCE.forward(
        abs(toDouble(x)), abs(toDouble(w)), abs(toDouble(b)), scale, n, in, out);
    float[] packed = new float[kernel.packedLength(in, out)];
    kernel.pack(w, in, out, packed);
    float[] row = new float[in];
    float[] y = new float[out + 1];
    double[] got = new double[n * out];
    for (int i = 0; i < n; i++) {
      System.arraycopy(x, i * in, row, 0, in);
      java.util.Arrays.fill(y, Float.NaN);
      y[out] = 7f;
      kernel.forward(packed, b, in, out, Activation.IDENTITY, row, y);
      if (y[out] != 7f) {
        return Double.POSITIVE_INFINITY;
      }
      for (int o = 0; o < out; o++) {
        got[i * out + o] = y[o];
      }
    }
    return relative(got, yRef, scale);
  }

  static float[] toFloat(double[] a) {
    float[] r = new float[a.length];
    for (int k = 0; k < a.length; k++) {
      r[k] = (float) a[k];
    }
    return r;
  }

  static double[] toDouble(float[] a) {
    double[] r = new double[a.length];
    for (int k = 0; k < a.length; k++) {
      r[k] = a[k];
    }
    return r;
  }

  /** NaN-filled, so an output element a kernel forgets to write fails the comparison. */
  private static double[] filled(int length) {
    double[] a = new double[length];
    java.util.Arrays.fill(a, Double.NaN);
    return a;
  }

  private static double[] abs(double[] a) {
    double[] r = new double[a.length];
    for (int k = 0; k < a.length; k++) {
      r[k] = Math.abs(a[k]);
    }
    return r;
  }

  private static double relative(double[] got, double[] want, double[] scale) {
    double worst = 0;
    for (int k = 0; k < got.length; k++) {
      double e = Math.abs(got[k] - want[k]) / (scale[k] + Double.MIN_NORMAL);
      if (Double.isNaN(e)) {
        return Double.POSITIVE_INFINITY;
      }
      worst = Math.max(worst, e);
    }
    return worst;
  }
}
