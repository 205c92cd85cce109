package dev.reflex.network.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dense kernels on the JDK's Vector API, in doubles, for the width the JVM reports ({@link
 * DoubleVector#SPECIES_PREFERRED}: 2 lanes on NEON, 4 on AVX2, 8 on AVX-512).
 *
 * <p>All three products are one register-blocked micro-kernel {@code C[m×p] = init + Σ_t A(r,t) ·
 * B[t,·]} in "broadcast a scalar of A, stream a row of B" form: a tile of 4 rows × 2 vectors of C
 * lives in 8 accumulators over the whole reduction, each step loads 2 vectors of B, broadcasts 4
 * scalars of A and issues 8 FMAs. The backward products read their operands in their natural layout
 * ({@code gw = dyᵀ·x}: A = dyᵀ by stride, B = x; {@code dx = dy·w}: A = dy, B = w). The batched
 * forward needs {@code wᵀ} as B and transposes the weights into a per-thread scratch (grown once,
 * never per call); single-row forwards skip the transpose and take dot products instead. Columns
 * left over after the vector blocks run a scalar loop; a weight gradient whose input is narrower
 * than a vector (the first layer) is computed transposed, {@code gwᵀ = xᵀ·dy}, and transposed back.
 * Lanes are fused multiply-adds, so results differ from {@link ScalarDenseKernels} by rounding
 * only.
 *
 * <p>Only loaded after {@link DenseKernelsProvider} has checked that {@code jdk.incubator.vector}
 * is in the boot layer.
 *
 * <p>Real-time: allocation-free after each thread's first call at its largest shape; no locks; no
 * I/O. Threading: safe to share; the forward scratch is per thread.
 */
final class VectorDenseKernels implements DenseKernels {
  static final VectorDenseKernels INSTANCE = new VectorDenseKernels();

  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int V = S.length();
  private static final int ROWS = 4;
  private static final ThreadLocal<double[]> TRANSPOSED =
      ThreadLocal.withInitial(() -> new double[0]);

  private VectorDenseKernels() {}

  /** Lanes per vector in this JVM. */
  static int lanes() {
    return V;
  }

  @Override
  public void forward(double[] x, double[] w, double[] b, double[] y, int n, int in, int out) {
    if (n < ROWS) {
      double[] lanes = scratch(4 * V);
      for (int i = 0; i < n; i++) {
        forwardRow(x, i * in, w, b, y, i * out, in, out, lanes);
      }
      return;
    }
    double[] wt = scratch(in * out);
    transpose(w, wt, out, in);
    gemm(x, in, 1, wt, y, n, out, in, b);
  }

  @Override
  public void weightGrad(
      double[] dy, double[] x, double[] gw, double[] gb, int n, int in, int out) {
    columnSums(dy, gb, n, out);
    if (in < V && out >= 2 * V) {
      // Narrow input (the first layer: a few observations): gw's rows are shorter than a vector,
      // so compute gwᵀ = xᵀ·dy, whose rows are out wide, and transpose the small result.
      double[] gwt = scratch(in * out);
      gemm(x, 1, in, dy, gwt, in, out, n, null);
      transpose(gwt, gw, in, out);
      return;
    }
    gemm(dy, 1, out, x, gw, out, in, n, null);
  }

  /** This thread's scratch, grown to at least {@code length} (allocates only when it grows). */
  private static double[] scratch(int length) {
    double[] t = TRANSPOSED.get();
    if (t.length < length) {
      t = new double[length];
      TRANSPOSED.set(t);
    }
    return t;
  }

  @Override
  public void inputGrad(double[] dy, double[] w, double[] dx, int n, int in, int out) {
    gemm(dy, out, 1, w, dx, n, in, out, null);
  }

  @Override
  public String name() {
    return "vector-" + V * Double.SIZE + "bit";
  }

  @Override
  public void relu(double[] z, double[] a, int count) {
    int kv = S.loopBound(count);
    DoubleVector zero = DoubleVector.zero(S);
    int i = 0;
    for (; i < kv; i += V) {
      DoubleVector zv = DoubleVector.fromArray(S, z, i);
      zero.blend(zv, zv.compare(VectorOperators.GT, 0.0)).intoArray(a, i);
    }
    for (; i < count; i++) {
      double v = z[i];
      a[i] = v > 0 ? v : 0;
    }
  }

  @Override
  public void reluBackward(double[] z, double[] g, int count) {
    int kv = S.loopBound(count);
    int i = 0;
    for (; i < kv; i += V) {
      DoubleVector gv = DoubleVector.fromArray(S, g, i);
      DoubleVector zv = DoubleVector.fromArray(S, z, i);
      gv.blend(0.0, zv.compare(VectorOperators.LE, 0.0)).intoArray(g, i);
    }
    for (; i < count; i++) {
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
    int kv = S.loopBound(count);
    int k = 0;
    for (; k < kv; k += V) {
      DoubleVector pk = DoubleVector.fromArray(S, p, k);
      DoubleVector gk = DoubleVector.fromArray(S, g, k).mul(gradScale).add(pk.mul(weightDecay));
      DoubleVector mk = DoubleVector.fromArray(S, m, k).mul(beta1).add(gk.mul(c1));
      DoubleVector vk = DoubleVector.fromArray(S, v, k).mul(beta2).add(gk.mul(c2).mul(gk));
      mk.intoArray(m, k);
      vk.intoArray(v, k);
      pk.sub(mk.mul(stepSize).div(vk.sqrt().div(bc2Sqrt).add(eps))).intoArray(p, k);
    }
    for (; k < count; k++) {
      double gs = g[k] * gradScale + weightDecay * p[k];
      m[k] = beta1 * m[k] + c1 * gs;
      v[k] = beta2 * v[k] + c2 * gs * gs;
      p[k] -= stepSize * m[k] / (Math.sqrt(v[k]) / bc2Sqrt + eps);
    }
  }

  /**
   * {@code y[yo + o] = b[o] + Σ_k x[xo + k] · w[o, k]}: dot products, 4 outputs at a time. The
   * lanes are summed in lane order through {@code lanes} rather than by {@code reduceLanes}, whose
   * order C2 may change from the interpreter's: the result must not depend on whether the caller
   * has been compiled yet (a trainer's run would otherwise not repeat bit for bit).
   */
  private static void forwardRow(
      double[] x,
      int xo,
      double[] w,
      double[] b,
      double[] y,
      int yo,
      int in,
      int out,
      double[] lanes) {
    int kv = S.loopBound(in);
    int o = 0;
    for (; o + 4 <= out; o += 4) {
      int w0 = o * in;
      int w1 = w0 + in;
      int w2 = w1 + in;
      int w3 = w2 + in;
      DoubleVector s0 = DoubleVector.zero(S);
      DoubleVector s1 = DoubleVector.zero(S);
      DoubleVector s2 = DoubleVector.zero(S);
      DoubleVector s3 = DoubleVector.zero(S);
      for (int k = 0; k < kv; k += V) {
        DoubleVector xv = DoubleVector.fromArray(S, x, xo + k);
        s0 = xv.fma(DoubleVector.fromArray(S, w, w0 + k), s0);
        s1 = xv.fma(DoubleVector.fromArray(S, w, w1 + k), s1);
        s2 = xv.fma(DoubleVector.fromArray(S, w, w2 + k), s2);
        s3 = xv.fma(DoubleVector.fromArray(S, w, w3 + k), s3);
      }
      s0.intoArray(lanes, 0);
      s1.intoArray(lanes, V);
      s2.intoArray(lanes, 2 * V);
      s3.intoArray(lanes, 3 * V);
      double t0 = b[o] + sumInOrder(lanes, 0);
      double t1 = b[o + 1] + sumInOrder(lanes, V);
      double t2 = b[o + 2] + sumInOrder(lanes, 2 * V);
      double t3 = b[o + 3] + sumInOrder(lanes, 3 * V);
      for (int k = kv; k < in; k++) {
        double xk = x[xo + k];
        t0 += xk * w[w0 + k];
        t1 += xk * w[w1 + k];
        t2 += xk * w[w2 + k];
        t3 += xk * w[w3 + k];
      }
      y[yo + o] = t0;
      y[yo + o + 1] = t1;
      y[yo + o + 2] = t2;
      y[yo + o + 3] = t3;
    }
    for (; o < out; o++) {
      int w0 = o * in;
      DoubleVector s0 = DoubleVector.zero(S);
      for (int k = 0; k < kv; k += V) {
        s0 = DoubleVector.fromArray(S, x, xo + k).fma(DoubleVector.fromArray(S, w, w0 + k), s0);
      }
      s0.intoArray(lanes, 0);
      double t0 = b[o] + sumInOrder(lanes, 0);
      for (int k = kv; k < in; k++) {
        t0 += x[xo + k] * w[w0 + k];
      }
      y[yo + o] = t0;
    }
  }

  /** {@code lanes[from] + ... + lanes[from + V - 1]}, left to right. */
  private static double sumInOrder(double[] lanes, int from) {
    double s = 0;
    for (int l = 0; l < V; l++) {
      s += lanes[from + l];
    }
    return s;
  }

  /** {@code t[c × r] = m[r × c]ᵀ}, in 8×8 tiles. */
  private static void transpose(double[] m, double[] t, int rows, int cols) {
    for (int r0 = 0; r0 < rows; r0 += 8) {
      int r1 = Math.min(rows, r0 + 8);
      for (int c0 = 0; c0 < cols; c0 += 8) {
        int c1 = Math.min(cols, c0 + 8);
        for (int r = r0; r < r1; r++) {
          for (int c = c0; c < c1; c++) {
            t[c * rows + r] = m[r * cols + c];
          }
        }
      }
    }
  }

  /** {@code s[c] = Σ_r m[r, c]} over an {@code n × cols} row-major matrix. */
  private static void columnSums(double[] m, double[] s, int n, int cols) {
    int cv = S.loopBound(cols);
    for (int c = 0; c < cv; c += V) {
      DoubleVector acc = DoubleVector.zero(S);
      for (int r = 0; r < n; r++) {
        acc = acc.add(DoubleVector.fromArray(S, m, r * cols + c));
      }
      acc.intoArray(s, c);
    }
    for (int c = cv; c < cols; c++) {
      double acc = 0;
      for (int r = 0; r < n; r++) {
        acc += m[r * cols + c];
      }
      s[c] = acc;
    }
  }

  /**
   * {@code c[r, j] = bias[j] (or 0) + Σ_{t<q} a[r·ars + t·ats] · bm[t·p + j]} for {@code r < m},
   * {@code j < p}; {@code bm} and {@code c} are row-major with {@code p} columns.
   */
  private static void gemm(
      double[] a, int ars, int ats, double[] bm, double[] c, int m, int p, int q, double[] bias) {
    int m4 = m - m % ROWS;
    int p2 = p - p % (2 * V);
    int p1 = p - p % V;
    for (int j = 0; j < p2; j += 2 * V) {
      int r = 0;
      for (; r < m4; r += ROWS) {
        tile4x2(a, ars, ats, bm, c, r, j, p, q, bias);
      }
      for (; r < m; r++) {
        tile1x2(a, ars, ats, bm, c, r, j, p, q, bias);
      }
    }
    if (p1 > p2) {
      int r = 0;
      for (; r < m4; r += ROWS) {
        tile4x1(a, ars, ats, bm, c, r, p2, p, q, bias);
      }
      for (; r < m; r++) {
        tile1x1(a, ars, ats, bm, c, r, p2, p, q, bias);
      }
    }
    for (int r = 0; r < m; r++) {
      int ar = r * ars;
      for (int j = p1; j < p; j++) {
        double s = bias == null ? 0 : bias[j];
        for (int t = 0; t < q; t++) {
          s += a[ar + t * ats] * bm[t * p + j];
        }
        c[r * p + j] = s;
      }
    }
  }

  private static void tile4x2(
      double[] a,
      int ars,
      int ats,
      double[] bm,
      double[] c,
      int r,
      int j,
      int p,
      int q,
      double[] bias) {
    DoubleVector c00 = bias == null ? DoubleVector.zero(S) : DoubleVector.fromArray(S, bias, j);
    DoubleVector c01 = bias == null ? DoubleVector.zero(S) : DoubleVector.fromArray(S, bias, j + V);
    DoubleVector c10 = c00;
    DoubleVector c11 = c01;
    DoubleVector c20 = c00;
    DoubleVector c21 = c01;
    DoubleVector c30 = c00;
    DoubleVector c31 = c01;
    int a0 = r * ars;
    int a1 = a0 + ars;
    int a2 = a1 + ars;
    int a3 = a2 + ars;
    for (int t = 0; t < q; t++) {
      int bo = t * p + j;
      int at = t * ats;
      DoubleVector b0 = DoubleVector.fromArray(S, bm, bo);
      DoubleVector b1 = DoubleVector.fromArray(S, bm, bo + V);
      DoubleVector x0 = DoubleVector.broadcast(S, a[a0 + at]);
      c00 = x0.fma(b0, c00);
      c01 = x0.fma(b1, c01);
      DoubleVector x1 = DoubleVector.broadcast(S, a[a1 + at]);
      c10 = x1.fma(b0, c10);
      c11 = x1.fma(b1, c11);
      DoubleVector x2 = DoubleVector.broadcast(S, a[a2 + at]);
      c20 = x2.fma(b0, c20);
      c21 = x2.fma(b1, c21);
      DoubleVector x3 = DoubleVector.broadcast(S, a[a3 + at]);
      c30 = x3.fma(b0, c30);
      c31 = x3.fma(b1, c31);
    }
    int co = r * p + j;
    c00.intoArray(c, co);
    c01.intoArray(c, co + V);
    c10.intoArray(c, co + p);
    c11.intoArray(c, co + p + V);
    c20.intoArray(c, co + 2 * p);
    c21.intoArray(c, co + 2 * p + V);
    c30.intoArray(c, co + 3 * p);
    c31.intoArray(c, co + 3 * p + V);
  }

  private static void tile1x2(
      double[] a,
      int ars,
      int ats,
      double[] bm,
      double[] c,
      int r,
      int j,
      int p,
      int q,
      double[] bias) {
    DoubleVector c00 = bias == null ? DoubleVector.zero(S) : DoubleVector.fromArray(S, bias, j);
    DoubleVector c01 = bias == null ? DoubleVector.zero(S) : DoubleVector.fromArray(S, bias, j + V);
    int a0 = r * ars;
    for (int t = 0; t < q; t++) {
      int bo = t * p + j;
      DoubleVector x0 = DoubleVector.broadcast(S, a[a0 + t * ats]);
      c00 = x0.fma(DoubleVector.fromArray(S, bm, bo), c00);
      c01 = x0.fma(DoubleVector.fromArray(S, bm, bo + V), c01);
    }
    int co = r * p + j;
    c00.intoArray(c, co);
    c01.intoArray(c, co + V);
  }

  private static void tile4x1(
      double[] a,
      int ars,
      int ats,
      double[] bm,
      double[] c,
      int r,
      int j,
      int p,
      int q,
      double[] bias) {
    DoubleVector c0 = bias == null ? DoubleVector.zero(S) : DoubleVector.fromArray(S, bias, j);
    DoubleVector c1 = c0;
    DoubleVector c2 = c0;
    DoubleVector c3 = c0;
    int a0 = r * ars;
    int a1 = a0 + ars;
    int a2 = a1 + ars;
    int a3 = a2 + ars;
    for (int t = 0; t < q; t++) {
      int at = t * ats;
      DoubleVector b0 = DoubleVector.fromArray(S, bm, t * p + j);
      c0 = DoubleVector.broadcast(S, a[a0 + at]).fma(b0, c0);
      c1 = DoubleVector.broadcast(S, a[a1 + at]).fma(b0, c1);
      c2 = DoubleVector.broadcast(S, a[a2 + at]).fma(b0, c2);
      c3 = DoubleVector.broadcast(S, a[a3 + at]).fma(b0, c3);
    }
    int co = r * p + j;
    c0.intoArray(c, co);
    c1.intoArray(c, co + p);
    c2.intoArray(c, co + 2 * p);
    c3.intoArray(c, co + 3 * p);
  }

  private static void tile1x1(
      double[] a,
      int ars,
      int ats,
      double[] bm,
      double[] c,
      int r,
      int j,
      int p,
      int q,
      double[] bias) {
    DoubleVector c0 = bias == null ? DoubleVector.zero(S) : DoubleVector.fromArray(S, bias, j);
    int a0 = r * ars;
    for (int t = 0; t < q; t++) {
      c0 =
          DoubleVector.broadcast(S, a[a0 + t * ats])
              .fma(DoubleVector.fromArray(S, bm, t * p + j), c0);
    }
    c0.intoArray(c, r * p + j);
  }
}
