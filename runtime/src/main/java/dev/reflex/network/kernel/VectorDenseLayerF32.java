package dev.reflex.network.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 dense-layer functions on the Vector API, for the width the JVM reports ({@link
 * FloatVector#SPECIES_PREFERRED}: 4 lanes on NEON, 8 on AVX2, 16 on AVX-512).
 *
 * <p>Layout, chosen from the shape. When the output is at least one vector wide the weights are
 * stored transposed and packed in column panels: the output, rounded up to a whole number of
 * vectors, is split into panels of 4 vectors (then single vectors for the rest), and each panel
 * holds its {@code in} rows of {@code 4·V} weights contiguously, so a panel streams through memory
 * in order. The forward broadcasts one input, loads the panel's row and issues one FMA per vector
 * into accumulators that stay in registers over the whole input; even and odd inputs go to separate
 * accumulators to hide the FMA latency. Narrower outputs (e.g. the actor's last layer) keep the
 * {@code [out×in]} layout and take dot products along the input instead. When the output is not a
 * whole number of vectors, the last vector covers the last {@code V} columns, overlapping its
 * neighbour (whose columns it computes again, bit for bit, in the same order): every load and store
 * is a whole, unmasked vector. Masked loads and stores are not intrinsics on NEON (no predicate
 * registers), so C2 falls back to Java code that boxes every vector: 14.8 kB per call of a 300→6
 * layer on a Cortex-A76, where a mask was used. A dot product's lanes are summed in lane order
 * ({@link FloatVector#lane}: an intrinsic on NEON and x86), not by {@code reduceLanes(ADD)}, whose
 * order the interpreter and C2 do not share: one actor gave one action before its forward was
 * compiled and a slightly different one after (a fine-tuning run on one seed did not repeat across
 * processes). No helper method takes or returns a vector: a call C2 declines to inline would box it
 * and allocate.
 *
 * <p>Only loaded after {@link DenseKernelsProvider} has checked that {@code jdk.incubator.vector}
 * is in the boot layer: only {@link VectorDenseForwardF32}, the {@link DenseForwardF32} kernel
 * loaded by name after that check, names this class.
 *
 * <p>Real-time: allocation-free; no locks; no I/O. Threading: stateless, any thread.
 */
final class VectorDenseLayerF32 {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int V = S.length();
  private static final int PANEL = 4;

  private VectorDenseLayerF32() {}

  /** The kernel's short name, e.g. {@code vector-512bit}. */
  public static String speciesName() {
    return "vector-" + V * Float.SIZE + "bit";
  }

  /** Lanes per float vector in this JVM. */
  public static int lanes() {
    return V;
  }

  /**
   * Length of the packed weights of an {@code in → out} layer (outputs rounded up to vectors; the
   * last vector's extra lanes repeat the columns before it).
   */
  public static int packedLength(int in, int out) {
    return out < V ? in * out : in * ((out + V - 1) / V) * V;
  }

  /**
   * First column of vector {@code v} of a layer with {@code out ≥ V} outputs: {@code v·V}, but the
   * last vector of an output that is not a whole number of vectors starts at {@code out − V}.
   */
  private static int column(int v, int out) {
    return Math.min(v * V, out - V);
  }

  /** Index in the packed array of lane {@code lane} of vector {@code v} at input {@code k}. */
  private static int slot(int in, int out, int v, int k, int lane) {
    int fullPanels = ((out + V - 1) / V) / PANEL;
    if (v < fullPanels * PANEL) {
      int v0 = (v / PANEL) * PANEL;
      return v0 * V * in + k * PANEL * V + (v - v0) * V + lane;
    }
    return v * V * in + k * V + lane;
  }

  /**
   * Index in the packed array of weight {@code w[j, k]} (output {@code j}, input {@code k}); a
   * column in the last vector's overlap is also stored there, this is its place in the vector
   * before.
   */
  static int packedIndex(int in, int out, int j, int k) {
    if (out < V) {
      return j * in + k;
    }
    int v = j / V;
    return slot(in, out, v, k, j - column(v, out));
  }

  /**
   * Packs {@code [out×in]} weights.
   *
   * @param w weights. Not modified.
   * @param packed length {@link #packedLength}. Modified.
   */
  public static void pack(float[] w, int in, int out, float[] packed) {
    if (out < V) {
      System.arraycopy(w, 0, packed, 0, in * out);
      return;
    }
    int vectors = (out + V - 1) / V;
    for (int v = 0; v < vectors; v++) {
      int c0 = column(v, out);
      for (int k = 0; k < in; k++) {
        for (int l = 0; l < V; l++) {
          packed[slot(in, out, v, k, l)] = w[(c0 + l) * in + k];
        }
      }
    }
  }

  /** As {@link #pack(float[], int, int, float[])}, rounding doubles to float. */
  public static void pack(double[] w, int in, int out, float[] packed) {
    if (out < V) {
      for (int i = 0; i < in * out; i++) {
        packed[i] = (float) w[i];
      }
      return;
    }
    int vectors = (out + V - 1) / V;
    for (int v = 0; v < vectors; v++) {
      int c0 = column(v, out);
      for (int k = 0; k < in; k++) {
        for (int l = 0; l < V; l++) {
          packed[slot(in, out, v, k, l)] = (float) w[(c0 + l) * in + k];
        }
      }
    }
  }

  /** The inverse of {@link #pack}: {@code w[out×in]}. Modified. */
  public static void unpack(float[] packed, int in, int out, float[] w) {
    for (int j = 0; j < out; j++) {
      for (int k = 0; k < in; k++) {
        w[j * in + k] = packed[packedIndex(in, out, j, k)];
      }
    }
  }

  /**
   * One sample through weights packed by {@link #pack}: {@code y = x · wᵀ + b}, then {@code max(0,
   * ·)} when {@code relu}.
   *
   * @param packed packed weights. Not modified.
   * @param bias {@code [out]}, unpadded. Not modified.
   * @param x input at {@code xOff}. Not modified.
   * @param y output at {@code yOff}, {@code out} elements written. Modified.
   */
  public static void forward(
      float[] packed,
      float[] bias,
      int in,
      int out,
      boolean relu,
      float[] x,
      int xOff,
      float[] y,
      int yOff) {
    if (out < V) {
      dotRow(packed, bias, in, out, x, xOff, y, yOff);
      if (relu) {
        for (int o = 0; o < out; o++) {
          y[yOff + o] = Math.max(0f, y[yOff + o]);
        }
      }
      return;
    }
    int vectors = (out + V - 1) / V;
    int fullPanels = vectors / PANEL;
    for (int p = 0; p < fullPanels; p++) {
      panel4(packed, bias, in, out, relu, x, xOff, y, yOff, p * PANEL * V);
    }
    for (int v = fullPanels * PANEL; v < vectors; v++) {
      panel1(packed, bias, in, out, relu, x, xOff, y, yOff, v * V);
    }
  }

  /**
   * The 4-vector panel whose weights start at column {@code j0}: columns {@code j0 .. j0 + 3V}, and
   * the last vector's {@link #column} (the last {@code V} columns when the output ends inside it).
   */
  private static void panel4(
      float[] wp,
      float[] bias,
      int in,
      int out,
      boolean relu,
      float[] x,
      int xOff,
      float[] y,
      int yOff,
      int j0) {
    final int width = PANEL * V;
    int j3 = Math.min(j0 + 3 * V, out - V);
    FloatVector a0 = FloatVector.fromArray(S, bias, j0);
    FloatVector a1 = FloatVector.fromArray(S, bias, j0 + V);
    FloatVector a2 = FloatVector.fromArray(S, bias, j0 + 2 * V);
    FloatVector a3 = FloatVector.fromArray(S, bias, j3);
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
    a0 = a0.add(b0);
    a1 = a1.add(b1);
    a2 = a2.add(b2);
    a3 = a3.add(b3);
    if (relu) {
      a0 = a0.max(0f);
      a1 = a1.max(0f);
      a2 = a2.max(0f);
      a3 = a3.max(0f);
    }
    a0.intoArray(y, yOff + j0);
    a1.intoArray(y, yOff + j0 + V);
    a2.intoArray(y, yOff + j0 + 2 * V);
    a3.intoArray(y, yOff + j3);
  }

  /**
   * The 1-vector panel whose weights start at column {@code j0}: columns {@link #column}{@code ..
   * +V} (the last {@code V} columns when the output ends inside it).
   */
  private static void panel1(
      float[] wp,
      float[] bias,
      int in,
      int out,
      boolean relu,
      float[] x,
      int xOff,
      float[] y,
      int yOff,
      int j0) {
    int c0 = Math.min(j0, out - V);
    FloatVector a0 = FloatVector.fromArray(S, bias, c0);
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
    a0 = a0.add(b0);
    if (relu) {
      a0 = a0.max(0f);
    }
    a0.intoArray(y, yOff + c0);
  }

  /**
   * Narrow outputs: one dot product per output along the input, two accumulators, their lanes
   * summed in lane order.
   */
  private static void dotRow(
      float[] w, float[] bias, int in, int out, float[] x, int xOff, float[] y, int yOff) {
    int k2 = in - in % (2 * V);
    int k1 = in - in % V;
    for (int o = 0; o < out; o++) {
      int wo = o * in;
      FloatVector s0 = FloatVector.zero(S);
      FloatVector s1 = s0;
      int k = 0;
      for (; k < k2; k += 2 * V) {
        s0 = FloatVector.fromArray(S, x, xOff + k).fma(FloatVector.fromArray(S, w, wo + k), s0);
        s1 =
            FloatVector.fromArray(S, x, xOff + k + V)
                .fma(FloatVector.fromArray(S, w, wo + k + V), s1);
      }
      if (k < k1) {
        s0 = FloatVector.fromArray(S, x, xOff + k).fma(FloatVector.fromArray(S, w, wo + k), s0);
        k += V;
      }
      FloatVector t = s0.add(s1);
      float s = 0;
      for (int l = 0; l < V; l++) {
        s += t.lane(l);
      }
      s += bias[o];
      for (; k < in; k++) {
        s += x[xOff + k] * w[wo + k];
      }
      y[yOff + o] = s;
    }
  }
}
