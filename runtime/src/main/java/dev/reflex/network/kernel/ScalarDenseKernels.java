package dev.reflex.network.kernel;

/**
 * Plain-Java dense kernels: the reference every faster implementation is tested against, and the
 * fallback where the Vector API is absent.
 *
 * <p>Real-time: allocation-free; no locks; no I/O. Threading: stateless.
 */
public final class ScalarDenseKernels implements DenseKernels {
  /** The one instance. */
  public static final ScalarDenseKernels INSTANCE = new ScalarDenseKernels();

  private ScalarDenseKernels() {}

  @Override
  public void forward(double[] x, double[] w, double[] b, double[] y, int n, int in, int out) {
    for (int i = 0; i < n; i++) {
      int xi = i * in;
      int yi = i * out;
      for (int o = 0; o < out; o++) {
        int wo = o * in;
        double s = b[o];
        for (int k = 0; k < in; k++) {
          s += x[xi + k] * w[wo + k];
        }
        y[yi + o] = s;
      }
    }
  }

  @Override
  public void weightGrad(
      double[] dy, double[] x, double[] gw, double[] gb, int n, int in, int out) {
    java.util.Arrays.fill(gw, 0, out * in, 0.0);
    java.util.Arrays.fill(gb, 0, out, 0.0);
    for (int i = 0; i < n; i++) {
      int xi = i * in;
      int di = i * out;
      for (int o = 0; o < out; o++) {
        double d = dy[di + o];
        if (d == 0) {
          continue;
        }
        gb[o] += d;
        int wo = o * in;
        for (int k = 0; k < in; k++) {
          gw[wo + k] += d * x[xi + k];
        }
      }
    }
  }

  @Override
  public void inputGrad(double[] dy, double[] w, double[] dx, int n, int in, int out) {
    java.util.Arrays.fill(dx, 0, n * in, 0.0);
    for (int i = 0; i < n; i++) {
      int xi = i * in;
      int di = i * out;
      for (int o = 0; o < out; o++) {
        double d = dy[di + o];
        if (d == 0) {
          continue;
        }
        int wo = o * in;
        for (int k = 0; k < in; k++) {
          dx[xi + k] += d * w[wo + k];
        }
      }
    }
  }

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public void relu(double[] z, double[] a, int count) {
    for (int i = 0; i < count; i++) {
      double v = z[i];
      a[i] = v > 0 ? v : 0;
    }
  }

  @Override
  public void reluBackward(double[] z, double[] g, int count) {
    for (int i = 0; i < count; i++) {
      if (z[i] <= 0) {
        g[i] = 0;
      }
    }
  }

  @Override
  public void adamStep(
      double[] p,
      double[] g,
      double[] m,
      double[] v,
      int count,
      double gradScale,
      double weightDecay,
      double beta1,
      double beta2,
      double stepSize,
      double bc2Sqrt,
      double eps) {
    double c1 = 1 - beta1;
    double c2 = 1 - beta2;
    for (int k = 0; k < count; k++) {
      double gk = g[k] * gradScale + weightDecay * p[k];
      m[k] = beta1 * m[k] + c1 * gk;
      v[k] = beta2 * v[k] + c2 * gk * gk;
      p[k] -= stepSize * m[k] / (Math.sqrt(v[k]) / bc2Sqrt + eps);
    }
  }
}
