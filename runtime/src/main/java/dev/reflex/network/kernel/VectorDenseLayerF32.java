package dev.reflex.network.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 dense layer on the Vector API, for the width the JVM reports ({@link
 * FloatVector#SPECIES_PREFERRED}: 4 lanes on NEON, 8 on AVX2, 16 on AVX-512).
 *
 * <p>Layout, chosen at construction from the shape. When the output is at least one vector wide the
 * weights are stored transposed and packed in column panels: the output is padded with zero weights
 * to a whole number of vectors, split into panels of 4 vectors (then single vectors for the rest),
 * and each panel holds its {@code in} rows of {@code 4·V} weights contiguously, so a panel streams
 * through memory in order. The forward broadcasts one input, loads the panel's row and issues one
 * FMA per vector into accumulators that stay in registers over the whole input; even and odd inputs
 * go to separate accumulators to hide the FMA latency. Narrower outputs (e.g. the actor's last
 * layer) keep the {@code [out×in]} layout and take dot products along the input instead. A batch
 * runs panel by panel, each panel over every row, so the panel stays in L1. The padded lanes of the
 * last vector go through a one-vector scratch rather than a masked store (which NEON emulates). No
 * helper method takes or returns a vector: a call C2 declines to inline would box it and allocate.
 *
 * <p>Only loaded after {@link DenseKernelsProvider} has checked that {@code jdk.incubator.vector}
 * is in the boot layer.
 *
 * <p>Real-time: allocation-free; no locks; no I/O. Threading: one thread at a time.
 */
final class VectorDenseLayerF32 implements DenseLayerF32 {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int V = S.length();
  private static final int PANEL = 4;

  static final Factory FACTORY =
      new Factory() {
        @Override
        public DenseLayerF32 create(float[] w, float[] b, int in, int out) {
          return new VectorDenseLayerF32(w, b, in, out);
        }

        @Override
        public String name() {
          return "vector-" + V * Float.SIZE + "bit";
        }
      };

  private final int in;
  private final int out;
  private final boolean dot;
  private final int fullPanels;
  private final int vectors;
  private final float[] packed;
  private final float[] bias;
  private final float[] tail = new float[V];

  VectorDenseLayerF32(float[] w, float[] b, int in, int out) {
    DenseLayerF32.checkShape(w, b, in, out);
    this.in = in;
    this.out = out;
    this.dot = out < V;
    this.vectors = (out + V - 1) / V;
    this.fullPanels = vectors / PANEL;
    this.packed = new float[dot ? in * out : in * vectors * V];
    this.bias = new float[vectors * V];
    setWeights(w, b);
  }

  @Override
  public int inputSize() {
    return in;
  }

  @Override
  public int outputSize() {
    return out;
  }

  @Override
  public void setWeights(float[] w, float[] b) {
    DenseLayerF32.checkShape(w, b, in, out);
    System.arraycopy(b, 0, bias, 0, out);
    if (dot) {
      System.arraycopy(w, 0, packed, 0, w.length);
      return;
    }
    for (int v = 0; v < vectors; v++) {
      int j0 = v < fullPanels * PANEL ? (v / PANEL) * PANEL * V : v * V;
      int width = v < fullPanels * PANEL ? PANEL * V : V;
      int base = j0 * in;
      for (int lane = 0; lane < V; lane++) {
        int j = v * V + lane;
        int col = j - j0;
        for (int k = 0; k < in; k++) {
          packed[base + k * width + col] = j < out ? w[j * in + k] : 0f;
        }
      }
    }
  }

  @Override
  public void forward(float[] x, int xOff, float[] y, int yOff) {
    if (dot) {
      dotRow(x, xOff, y, yOff);
      return;
    }
    for (int p = 0; p < fullPanels; p++) {
      panel4(x, xOff, y, yOff, p * PANEL * V);
    }
    for (int v = fullPanels * PANEL; v < vectors; v++) {
      panel1(x, xOff, y, yOff, v * V);
    }
  }

  @Override
  public void forwardBatch(float[] x, float[] y, int n) {
    if (dot) {
      for (int i = 0; i < n; i++) {
        dotRow(x, i * in, y, i * out);
      }
      return;
    }
    for (int p = 0; p < fullPanels; p++) {
      for (int i = 0; i < n; i++) {
        panel4(x, i * in, y, i * out, p * PANEL * V);
      }
    }
    for (int v = fullPanels * PANEL; v < vectors; v++) {
      for (int i = 0; i < n; i++) {
        panel1(x, i * in, y, i * out, v * V);
      }
    }
  }

  @Override
  public String kernelName() {
    return FACTORY.name();
  }

  /** Columns {@code j0 .. j0 + 4V} from a 4-vector panel. */
  private void panel4(float[] x, int xOff, float[] y, int yOff, int j0) {
    final int width = PANEL * V;
    float[] wp = packed;
    FloatVector a0 = FloatVector.fromArray(S, bias, j0);
    FloatVector a1 = FloatVector.fromArray(S, bias, j0 + V);
    FloatVector a2 = FloatVector.fromArray(S, bias, j0 + 2 * V);
    FloatVector a3 = FloatVector.fromArray(S, bias, j0 + 3 * V);
    FloatVector b0 = FloatVector.zero(S);
    FloatVector b1 = b0;
    FloatVector b2 = b0;
    FloatVector b3 = b0;
    int off = j0 * in;
    int k = 0;
    for (; k + 1 < in; k += 2, off += 2 * width) {
      FloatVector x0 = FloatVector.broadcast(S, x[xOff + k]);
      FloatVector x1 = FloatVector.broadcast(S, x[xOff + k + 1]);
      a0 = FloatVector.fromArray(S, wp, off).fma(x0, a0);
      a1 = FloatVector.fromArray(S, wp, off + V).fma(x0, a1);
      a2 = FloatVector.fromArray(S, wp, off + 2 * V).fma(x0, a2);
      a3 = FloatVector.fromArray(S, wp, off + 3 * V).fma(x0, a3);
      b0 = FloatVector.fromArray(S, wp, off + width).fma(x1, b0);
      b1 = FloatVector.fromArray(S, wp, off + width + V).fma(x1, b1);
      b2 = FloatVector.fromArray(S, wp, off + width + 2 * V).fma(x1, b2);
      b3 = FloatVector.fromArray(S, wp, off + width + 3 * V).fma(x1, b3);
    }
    if (k < in) {
      FloatVector x0 = FloatVector.broadcast(S, x[xOff + k]);
      a0 = FloatVector.fromArray(S, wp, off).fma(x0, a0);
      a1 = FloatVector.fromArray(S, wp, off + V).fma(x0, a1);
      a2 = FloatVector.fromArray(S, wp, off + 2 * V).fma(x0, a2);
      a3 = FloatVector.fromArray(S, wp, off + 3 * V).fma(x0, a3);
    }
    a0.add(b0).intoArray(y, yOff + j0);
    a1.add(b1).intoArray(y, yOff + j0 + V);
    a2.add(b2).intoArray(y, yOff + j0 + 2 * V);
    int j3 = j0 + 3 * V;
    if (j3 + V <= out) {
      a3.add(b3).intoArray(y, yOff + j3);
    } else {
      a3.add(b3).intoArray(tail, 0);
      System.arraycopy(tail, 0, y, yOff + j3, out - j3);
    }
  }

  /** Columns {@code j0 .. j0 + V} from a 1-vector panel. */
  private void panel1(float[] x, int xOff, float[] y, int yOff, int j0) {
    float[] wp = packed;
    FloatVector a0 = FloatVector.fromArray(S, bias, j0);
    FloatVector b0 = FloatVector.zero(S);
    int off = j0 * in;
    int k = 0;
    for (; k + 1 < in; k += 2, off += 2 * V) {
      a0 = FloatVector.fromArray(S, wp, off).fma(FloatVector.broadcast(S, x[xOff + k]), a0);
      b0 = FloatVector.fromArray(S, wp, off + V).fma(FloatVector.broadcast(S, x[xOff + k + 1]), b0);
    }
    if (k < in) {
      a0 = FloatVector.fromArray(S, wp, off).fma(FloatVector.broadcast(S, x[xOff + k]), a0);
    }
    if (j0 + V <= out) {
      a0.add(b0).intoArray(y, yOff + j0);
    } else {
      a0.add(b0).intoArray(tail, 0);
      System.arraycopy(tail, 0, y, yOff + j0, out - j0);
    }
  }

  /** Narrow outputs: one dot product per output along the input, two accumulators. */
  private void dotRow(float[] x, int xOff, float[] y, int yOff) {
    int k2 = in - in % (2 * V);
    int k1 = in - in % V;
    for (int o = 0; o < out; o++) {
      int wo = o * in;
      FloatVector s0 = FloatVector.zero(S);
      FloatVector s1 = s0;
      int k = 0;
      for (; k < k2; k += 2 * V) {
        s0 =
            FloatVector.fromArray(S, x, xOff + k).fma(FloatVector.fromArray(S, packed, wo + k), s0);
        s1 =
            FloatVector.fromArray(S, x, xOff + k + V)
                .fma(FloatVector.fromArray(S, packed, wo + k + V), s1);
      }
      if (k < k1) {
        s0 =
            FloatVector.fromArray(S, x, xOff + k).fma(FloatVector.fromArray(S, packed, wo + k), s0);
        k += V;
      }
      float s = bias[o] + s0.add(s1).reduceLanes(VectorOperators.ADD);
      for (; k < in; k++) {
        s += x[xOff + k] * packed[wo + k];
      }
      y[yOff + o] = s;
    }
  }
}
