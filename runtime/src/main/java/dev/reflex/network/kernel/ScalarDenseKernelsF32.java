package dev.reflex.network.kernel;

import dev.reflex.network.Activation;

/**
 * Plain-Java float32 training kernels: the reference for {@link VectorDenseKernelsF32} and the
 * fallback where the Vector API is absent. Same layouts and loop orders of the reduction as the
 * documented contract; results differ from the vector kernels by rounding (those use fused
 * multiply-adds), except {@link #adamStep}, which is bit-identical.
 *
 * <p>Real-time: allocation-free; no locks; no I/O. Threading: stateless.
 */
final class ScalarDenseKernelsF32 implements DenseKernelsF32 {

  @Override
  public void forward(
      float[] x, float[] wt, float[] b, float[] y, int n, int in, int out, Activation act) {
    for (int r = 0; r < n; r++) {
      int yo = r * out;
      System.arraycopy(b, 0, y, yo, out);
      int xo = r * in;
      for (int k = 0; k < in; k++) {
        float xk = x[xo + k];
        int wo = k * out;
        for (int o = 0; o < out; o++) {
          y[yo + o] += xk * wt[wo + o];
        }
      }
    }
    DenseKernelsF32.activateInPlace(act, y, 0, n * out);
  }

  @Override
  public void weightGrad(float[] dy, float[] x, float[] gwt, float[] gb, int n, int in, int out) {
    java.util.Arrays.fill(gwt, 0, in * out, 0f);
    java.util.Arrays.fill(gb, 0, out, 0f);
    for (int r = 0; r < n; r++) {
      int dyo = r * out;
      for (int o = 0; o < out; o++) {
        gb[o] += dy[dyo + o];
      }
      int xo = r * in;
      for (int k = 0; k < in; k++) {
        float xk = x[xo + k];
        int go = k * out;
        for (int o = 0; o < out; o++) {
          gwt[go + o] += xk * dy[dyo + o];
        }
      }
    }
  }

  @Override
  public void inputGrad(
      float[] dy, float[] w, float[] post, Activation act, float[] dx, int n, int in, int out) {
    for (int r = 0; r < n; r++) {
      int dxo = r * in;
      java.util.Arrays.fill(dx, dxo, dxo + in, 0f);
      int dyo = r * out;
      for (int o = 0; o < out; o++) {
        float g = dy[dyo + o];
        int wo = o * in;
        for (int k = 0; k < in; k++) {
          dx[dxo + k] += g * w[wo + k];
        }
      }
    }
    DenseKernelsF32.activationBackward(act, post, dx, n * in);
  }

  @Override
  public void inputGradColumns(
      float[] dy, float[] wt, float[] dx, int n, int out, int k0, int cols) {
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < cols; j++) {
        int wo = (k0 + j) * out;
        float s = 0;
        for (int o = 0; o < out; o++) {
          s += dy[r * out + o] * wt[wo + o];
        }
        dx[r * cols + j] = s;
      }
    }
  }

  @Override
  public void adamStep(
      float[] p,
      float[] g,
      float[] m,
      float[] v,
      int count,
      float gradScale,
      float weightDecay,
      float beta1,
      float beta2,
      float stepSize,
      float bc2Sqrt,
      float eps) {
    float c1 = 1 - beta1;
    float c2 = 1 - beta2;
    for (int k = 0; k < count; k++) {
      float gk = g[k] * gradScale + p[k] * weightDecay;
      float mk = m[k] * beta1 + gk * c1;
      float vk = v[k] * beta2 + gk * c2 * gk;
      m[k] = mk;
      v[k] = vk;
      p[k] = p[k] - mk * stepSize / ((float) Math.sqrt(vk) / bc2Sqrt + eps);
    }
  }

  @Override
  public String name() {
    return "scalar-f32";
  }
}
