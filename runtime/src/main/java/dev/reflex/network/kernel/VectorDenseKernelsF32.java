package dev.reflex.network.kernel;

import dev.reflex.network.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 training kernels on the Vector API ({@link FloatVector#SPECIES_PREFERRED}: 4 lanes on
 * NEON, 8 on AVX2, 16 on AVX-512).
 *
 * <p>The products are one register-blocked micro-kernel {@code C[m×p] = init + Σ_t A(r,t) · B[t,·]}
 * in "broadcast a scalar of A, stream a row of B" form: a tile of 4 rows × 4 vectors of C lives in
 * 16 accumulators over the whole reduction (4 loads, 4 broadcasts, 16 FMAs per step), with 4×1 and
 * 1-row tiles for the rest. Every operand is read in the layout it is stored in: the forward
 * streams {@code wt [in×out]} (no transpose per call), the weight gradient {@code xᵀ·dy} streams
 * {@code dy}, the input gradient streams the network's {@code [out×in]} copy. The bias is the
 * accumulators' initial value; ReLU, and the backward masks ({@code post > 0}, {@code 1 − post²}),
 * are applied to each tile while it is in L1, before the next tile starts.
 *
 * <p>Tiny layers: a one-output layer (the critic's head, a one-action actor's head) runs as dot
 * products along its input, four rows at a time, the last partial vector's lanes finished one at a
 * time with {@link Math#fma} (the same rounding as the vector FMA, so the same bits as a masked
 * vector, which NEON has no intrinsic for at the end of an array: C2 boxed it, 7 kB per round of a
 * test's products with a 63-input head on a Cortex-A76); its weight gradient is the product {@code
 * dyᵀ·x} with {@code x}'s rows streamed; a 3-4-input first layer is the broadcast product with
 * {@code q = in} (vectors along the output, no scalar tail); the critic's ∂Q/∂a is dot products of
 * {@code dy} with the action rows of {@code wt}. Horizontal sums go through a scratch in lane
 * order, not {@code reduceLanes}, whose order C2 may change from the interpreter's: a run must
 * repeat bit for bit whether or not a caller has been compiled.
 *
 * <p>Only loaded after {@link DenseKernelsProvider} has checked that {@code jdk.incubator.vector}
 * is in the boot layer. No helper takes or returns a vector (C2 would box it when it declines to
 * inline).
 *
 * <p>Real-time: allocation-free; no locks; no I/O. Threading: one thread at a time per instance
 * (the lane scratch).
 */
final class VectorDenseKernelsF32 implements DenseKernelsF32 {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int V = S.length();
  private static final int NONE = 0;
  private static final int RELU = 1;
  private static final int RELU_MASK = 2;
  private static final int TANH_MASK = 3;

  private final float[] lanes = new float[4 * V];
  private final ScalarDenseKernelsF32 narrow = new ScalarDenseKernelsF32();

  /** Lanes per vector in this JVM. */
  static int lanes() {
    return V;
  }

  @Override
  public String name() {
    return "vector-f32-" + V * Float.SIZE + "bit";
  }

  @Override
  public void forward(
      float[] x, float[] wt, float[] b, float[] y, int n, int in, int out, Activation act) {
    if (out == 1) {
      dots(x, in, wt, 0, y, 1, n, 1, in, b);
      DenseKernelsF32.activateInPlace(act, y, 0, n);
      return;
    }
    if (out < V) {
      narrow.forward(x, wt, b, y, n, in, out, act);
      return;
    }
    int mode =
        switch (act) {
          case RELU -> RELU;
          case TANH, IDENTITY -> NONE;
          default -> throw new IllegalArgumentException("float32 kernels: no forward for " + act);
        };
    gemm(x, in, 1, wt, out, y, n, out, in, b, null, mode);
    if (act == Activation.TANH) {
      DenseKernelsF32.activateInPlace(act, y, 0, n * out);
    }
  }

  @Override
  public void weightGrad(float[] dy, float[] x, float[] gwt, float[] gb, int n, int in, int out) {
    if (out == 1) {
      float s = 0;
      for (int r = 0; r < n; r++) {
        s += dy[r];
      }
      gb[0] = s;
      // gwt [in×1] is the row dyᵀ·x: broadcast dy[t], stream row t of x.
      gemm(dy, 0, 1, x, in, gwt, 1, in, n, null, null, NONE);
      return;
    }
    if (out < V) {
      narrow.weightGrad(dy, x, gwt, gb, n, in, out);
      return;
    }
    columnSums(dy, gb, n, out);
    gemm(x, 1, in, dy, out, gwt, in, out, n, null, null, NONE);
  }

  @Override
  public void inputGrad(
      float[] dy, float[] w, float[] post, Activation act, float[] dx, int n, int in, int out) {
    int mode =
        switch (act) {
          case RELU -> RELU_MASK;
          case TANH -> TANH_MASK;
          case IDENTITY -> NONE;
          default -> throw new IllegalArgumentException("float32 kernels: no backward for " + act);
        };
    gemm(dy, out, 1, w, in, dx, n, in, out, null, post, mode);
  }

  @Override
  public void inputGradColumns(
      float[] dy, float[] wt, float[] dx, int n, int out, int k0, int cols) {
    dots(dy, out, wt, k0 * out, dx, cols, n, cols, out, null);
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
    int kv = S.loopBound(count);
    int k = 0;
    for (; k < kv; k += V) {
      FloatVector pk = FloatVector.fromArray(S, p, k);
      FloatVector gk = FloatVector.fromArray(S, g, k).mul(gradScale).add(pk.mul(weightDecay));
      FloatVector mk = FloatVector.fromArray(S, m, k).mul(beta1).add(gk.mul(c1));
      FloatVector vk = FloatVector.fromArray(S, v, k).mul(beta2).add(gk.mul(c2).mul(gk));
      mk.intoArray(m, k);
      vk.intoArray(v, k);
      pk.sub(mk.mul(stepSize).div(vk.sqrt().div(bc2Sqrt).add(eps))).intoArray(p, k);
    }
    for (; k < count; k++) {
      float gk = g[k] * gradScale + p[k] * weightDecay;
      float mk = m[k] * beta1 + gk * c1;
      float vk = v[k] * beta2 + gk * c2 * gk;
      m[k] = mk;
      v[k] = vk;
      p[k] = p[k] - mk * stepSize / ((float) Math.sqrt(vk) / bc2Sqrt + eps);
    }
  }

  /** {@code s[c] = Σ_r m[r, c]} over an {@code n × cols} row-major matrix, rows in order. */
  private static void columnSums(float[] m, float[] s, int n, int cols) {
    int cv = S.loopBound(cols);
    for (int c = 0; c < cv; c += V) {
      FloatVector acc = FloatVector.zero(S);
      for (int r = 0; r < n; r++) {
        acc = acc.add(FloatVector.fromArray(S, m, r * cols + c));
      }
      acc.intoArray(s, c);
    }
    for (int c = cv; c < cols; c++) {
      float acc = 0;
      for (int r = 0; r < n; r++) {
        acc += m[r * cols + c];
      }
      s[c] = acc;
    }
  }

  /**
   * {@code c[r·ldc + j] = bias[j] (or 0) + Σ_{o<len} a[r·lda + o] · b[bOff + j·len + o]} for {@code
   * r < m, j < cols}: dot products, four rows of {@code a} against one row of {@code b} at a time,
   * the last vector masked.
   */
  private void dots(
      float[] a,
      int lda,
      float[] b,
      int bOff,
      float[] c,
      int ldc,
      int m,
      int cols,
      int len,
      float[] bias) {
    for (int j = 0; j < cols; j++) {
      int bo = bOff + j * len;
      float init = bias == null ? 0f : bias[j];
      int r = 0;
      for (; r + 4 <= m; r += 4) {
        dot4(a, r * lda, lda, b, bo, len);
        c[r * ldc + j] = init + sumInOrder(0);
        c[(r + 1) * ldc + j] = init + sumInOrder(V);
        c[(r + 2) * ldc + j] = init + sumInOrder(2 * V);
        c[(r + 3) * ldc + j] = init + sumInOrder(3 * V);
      }
      for (; r < m; r++) {
        dot1(a, r * lda, b, bo, len);
        c[r * ldc + j] = init + sumInOrder(0);
      }
    }
  }

  /**
   * Lane partials of four dot products, rows {@code a0 + i·lda} of {@code a} with {@code b[bo..]},
   * into {@code lanes} (kept small: a large method here stays in C1, where vectors allocate).
   */
  private void dot4(float[] a, int a0, int lda, float[] b, int bo, int len) {
    int full = S.loopBound(len);
    int a1 = a0 + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    for (int o = 0; o < full; o += V) {
      FloatVector bv = FloatVector.fromArray(S, b, bo + o);
      s0 = FloatVector.fromArray(S, a, a0 + o).fma(bv, s0);
      s1 = FloatVector.fromArray(S, a, a1 + o).fma(bv, s1);
      s2 = FloatVector.fromArray(S, a, a2 + o).fma(bv, s2);
      s3 = FloatVector.fromArray(S, a, a3 + o).fma(bv, s3);
    }
    s0.intoArray(lanes, 0);
    s1.intoArray(lanes, V);
    s2.intoArray(lanes, 2 * V);
    s3.intoArray(lanes, 3 * V);
    for (int l = 0; full + l < len; l++) {
      float bl = b[bo + full + l];
      lanes[l] = Math.fma(a[a0 + full + l], bl, lanes[l]);
      lanes[V + l] = Math.fma(a[a1 + full + l], bl, lanes[V + l]);
      lanes[2 * V + l] = Math.fma(a[a2 + full + l], bl, lanes[2 * V + l]);
      lanes[3 * V + l] = Math.fma(a[a3 + full + l], bl, lanes[3 * V + l]);
    }
  }

  /** Lane partials of one dot product into {@code lanes[0..V)}. */
  private void dot1(float[] a, int a0, float[] b, int bo, int len) {
    int full = S.loopBound(len);
    FloatVector s0 = FloatVector.zero(S);
    for (int o = 0; o < full; o += V) {
      s0 = FloatVector.fromArray(S, a, a0 + o).fma(FloatVector.fromArray(S, b, bo + o), s0);
    }
    s0.intoArray(lanes, 0);
    for (int l = 0; full + l < len; l++) {
      lanes[l] = Math.fma(a[a0 + full + l], b[bo + full + l], lanes[l]);
    }
  }

  private float sumInOrder(int from) {
    float s = 0;
    for (int l = 0; l < V; l++) {
      s += lanes[from + l];
    }
    return s;
  }

  /**
   * {@code c[r, j] = ep(bias[j] (or 0) + Σ_{t<q} a[r·ars + t·ats] · bm[t·ldb + j])} for {@code r <
   * m, j < p}; {@code c} and {@code post} are row-major with {@code p} columns; {@code ep} is the
   * epilogue {@code mode}.
   */
  private static void gemm(
      float[] a,
      int ars,
      int ats,
      float[] bm,
      int ldb,
      float[] c,
      int m,
      int p,
      int q,
      float[] bias,
      float[] post,
      int mode) {
    int m4 = m - m % 4;
    int p4 = p - p % (4 * V);
    int p1 = p - p % V;
    for (int j = 0; j < p4; j += 4 * V) {
      int r = 0;
      for (; r < m4; r += 4) {
        tile4x4(a, ars, ats, bm, ldb, c, r, j, p, q, bias);
        epilogue(c, post, mode, r, 4, j, 4, p);
      }
      for (; r < m; r++) {
        tile1x4(a, ars, ats, bm, ldb, c, r, j, p, q, bias);
        epilogue(c, post, mode, r, 1, j, 4, p);
      }
    }
    for (int j = p4; j < p1; j += V) {
      int r = 0;
      for (; r < m4; r += 4) {
        tile4x1(a, ars, ats, bm, ldb, c, r, j, p, q, bias);
        epilogue(c, post, mode, r, 4, j, 1, p);
      }
      for (; r < m; r++) {
        tile1x1(a, ars, ats, bm, ldb, c, r, j, p, q, bias);
        epilogue(c, post, mode, r, 1, j, 1, p);
      }
    }
    for (int r = 0; r < m && p1 < p; r++) {
      int ar = r * ars;
      for (int j = p1; j < p; j++) {
        float s = bias == null ? 0 : bias[j];
        for (int t = 0; t < q; t++) {
          s += a[ar + t * ats] * bm[t * ldb + j];
        }
        int ci = r * p + j;
        c[ci] =
            switch (mode) {
              case RELU -> s > 0 ? s : 0;
              case RELU_MASK -> post[ci] > 0 ? s : 0;
              case TANH_MASK -> s * (1 - post[ci] * post[ci]);
              default -> s;
            };
      }
    }
  }

  /** Applies {@code mode} to {@code nv} vectors of {@code rows} rows from {@code (r0, j0)}. */
  private static void epilogue(
      float[] c, float[] post, int mode, int r0, int rows, int j0, int nv, int p) {
    if (mode == NONE) {
      return;
    }
    for (int r = r0; r < r0 + rows; r++) {
      int base = r * p + j0;
      for (int v = 0; v < nv; v++) {
        int o = base + v * V;
        FloatVector cv = FloatVector.fromArray(S, c, o);
        if (mode == RELU) {
          cv = FloatVector.zero(S).blend(cv, cv.compare(VectorOperators.GT, 0f));
        } else {
          FloatVector pv = FloatVector.fromArray(S, post, o);
          if (mode == RELU_MASK) {
            cv = cv.blend(0f, pv.compare(VectorOperators.GT, 0f).not());
          } else {
            cv = cv.mul(FloatVector.broadcast(S, 1f).sub(pv.mul(pv)));
          }
        }
        cv.intoArray(c, o);
      }
    }
  }

  private static void tile4x4(
      float[] a,
      int ars,
      int ats,
      float[] bm,
      int ldb,
      float[] c,
      int r,
      int j,
      int p,
      int q,
      float[] bias) {
    FloatVector c00;
    FloatVector c01;
    FloatVector c02;
    FloatVector c03;
    if (bias == null) {
      c00 = FloatVector.zero(S);
      c01 = c00;
      c02 = c00;
      c03 = c00;
    } else {
      c00 = FloatVector.fromArray(S, bias, j);
      c01 = FloatVector.fromArray(S, bias, j + V);
      c02 = FloatVector.fromArray(S, bias, j + 2 * V);
      c03 = FloatVector.fromArray(S, bias, j + 3 * V);
    }
    FloatVector c10 = c00;
    FloatVector c11 = c01;
    FloatVector c12 = c02;
    FloatVector c13 = c03;
    FloatVector c20 = c00;
    FloatVector c21 = c01;
    FloatVector c22 = c02;
    FloatVector c23 = c03;
    FloatVector c30 = c00;
    FloatVector c31 = c01;
    FloatVector c32 = c02;
    FloatVector c33 = c03;
    int a0 = r * ars;
    int a1 = a0 + ars;
    int a2 = a1 + ars;
    int a3 = a2 + ars;
    for (int t = 0; t < q; t++) {
      int bo = t * ldb + j;
      int at = t * ats;
      FloatVector b0 = FloatVector.fromArray(S, bm, bo);
      FloatVector b1 = FloatVector.fromArray(S, bm, bo + V);
      FloatVector b2 = FloatVector.fromArray(S, bm, bo + 2 * V);
      FloatVector b3 = FloatVector.fromArray(S, bm, bo + 3 * V);
      FloatVector x0 = FloatVector.broadcast(S, a[a0 + at]);
      c00 = x0.fma(b0, c00);
      c01 = x0.fma(b1, c01);
      c02 = x0.fma(b2, c02);
      c03 = x0.fma(b3, c03);
      FloatVector x1 = FloatVector.broadcast(S, a[a1 + at]);
      c10 = x1.fma(b0, c10);
      c11 = x1.fma(b1, c11);
      c12 = x1.fma(b2, c12);
      c13 = x1.fma(b3, c13);
      FloatVector x2 = FloatVector.broadcast(S, a[a2 + at]);
      c20 = x2.fma(b0, c20);
      c21 = x2.fma(b1, c21);
      c22 = x2.fma(b2, c22);
      c23 = x2.fma(b3, c23);
      FloatVector x3 = FloatVector.broadcast(S, a[a3 + at]);
      c30 = x3.fma(b0, c30);
      c31 = x3.fma(b1, c31);
      c32 = x3.fma(b2, c32);
      c33 = x3.fma(b3, c33);
    }
    int co = r * p + j;
    c00.intoArray(c, co);
    c01.intoArray(c, co + V);
    c02.intoArray(c, co + 2 * V);
    c03.intoArray(c, co + 3 * V);
    co += p;
    c10.intoArray(c, co);
    c11.intoArray(c, co + V);
    c12.intoArray(c, co + 2 * V);
    c13.intoArray(c, co + 3 * V);
    co += p;
    c20.intoArray(c, co);
    c21.intoArray(c, co + V);
    c22.intoArray(c, co + 2 * V);
    c23.intoArray(c, co + 3 * V);
    co += p;
    c30.intoArray(c, co);
    c31.intoArray(c, co + V);
    c32.intoArray(c, co + 2 * V);
    c33.intoArray(c, co + 3 * V);
  }

  private static void tile1x4(
      float[] a,
      int ars,
      int ats,
      float[] bm,
      int ldb,
      float[] c,
      int r,
      int j,
      int p,
      int q,
      float[] bias) {
    FloatVector c00;
    FloatVector c01;
    FloatVector c02;
    FloatVector c03;
    if (bias == null) {
      c00 = FloatVector.zero(S);
      c01 = c00;
      c02 = c00;
      c03 = c00;
    } else {
      c00 = FloatVector.fromArray(S, bias, j);
      c01 = FloatVector.fromArray(S, bias, j + V);
      c02 = FloatVector.fromArray(S, bias, j + 2 * V);
      c03 = FloatVector.fromArray(S, bias, j + 3 * V);
    }
    int a0 = r * ars;
    for (int t = 0; t < q; t++) {
      int bo = t * ldb + j;
      FloatVector x0 = FloatVector.broadcast(S, a[a0 + t * ats]);
      c00 = x0.fma(FloatVector.fromArray(S, bm, bo), c00);
      c01 = x0.fma(FloatVector.fromArray(S, bm, bo + V), c01);
      c02 = x0.fma(FloatVector.fromArray(S, bm, bo + 2 * V), c02);
      c03 = x0.fma(FloatVector.fromArray(S, bm, bo + 3 * V), c03);
    }
    int co = r * p + j;
    c00.intoArray(c, co);
    c01.intoArray(c, co + V);
    c02.intoArray(c, co + 2 * V);
    c03.intoArray(c, co + 3 * V);
  }

  private static void tile4x1(
      float[] a,
      int ars,
      int ats,
      float[] bm,
      int ldb,
      float[] c,
      int r,
      int j,
      int p,
      int q,
      float[] bias) {
    FloatVector c0 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, j);
    FloatVector c1 = c0;
    FloatVector c2 = c0;
    FloatVector c3 = c0;
    int a0 = r * ars;
    int a1 = a0 + ars;
    int a2 = a1 + ars;
    int a3 = a2 + ars;
    for (int t = 0; t < q; t++) {
      int at = t * ats;
      FloatVector b0 = FloatVector.fromArray(S, bm, t * ldb + j);
      c0 = FloatVector.broadcast(S, a[a0 + at]).fma(b0, c0);
      c1 = FloatVector.broadcast(S, a[a1 + at]).fma(b0, c1);
      c2 = FloatVector.broadcast(S, a[a2 + at]).fma(b0, c2);
      c3 = FloatVector.broadcast(S, a[a3 + at]).fma(b0, c3);
    }
    int co = r * p + j;
    c0.intoArray(c, co);
    c1.intoArray(c, co + p);
    c2.intoArray(c, co + 2 * p);
    c3.intoArray(c, co + 3 * p);
  }

  private static void tile1x1(
      float[] a,
      int ars,
      int ats,
      float[] bm,
      int ldb,
      float[] c,
      int r,
      int j,
      int p,
      int q,
      float[] bias) {
    FloatVector c0 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, j);
    int a0 = r * ars;
    for (int t = 0; t < q; t++) {
      c0 =
          FloatVector.broadcast(S, a[a0 + t * ats])
              .fma(FloatVector.fromArray(S, bm, t * ldb + j), c0);
    }
    c0.intoArray(c, r * p + j);
  }
}
