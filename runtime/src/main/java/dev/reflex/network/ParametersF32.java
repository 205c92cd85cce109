package dev.reflex.network;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * The float32 counterpart of {@link Parameters}: an ordered list of parameter arrays and their
 * gradients, in the order of the double network's list (layer 0 weight, layer 0 bias, ...). Each
 * tensor remembers its PyTorch shape {@code [rows×cols]} and whether it is stored transposed
 * ({@code [cols×rows]}, the layout the float32 products stream), so it converts exactly to and from
 * the double {@link Parameters} and checkpoints.
 *
 * <p>Real-time: every method but the constructors is allocation-free. Threading: one thread at a
 * time.
 */
public final class ParametersF32 {
  private final float[][] values;
  private final float[][] grads;
  private final int[] rows;
  private final int[] cols;
  private final boolean[] transposed;

  /** Tensors {@code values[i]} with gradients {@code grads[i]}, PyTorch shape rows × cols. */
  ParametersF32(
      List<float[]> values, List<float[]> grads, int[] rows, int[] cols, boolean[] transposed) {
    this.values = values.toArray(new float[0][]);
    this.grads = grads.toArray(new float[0][]);
    this.rows = rows.clone();
    this.cols = cols.clone();
    this.transposed = transposed.clone();
    for (int i = 0; i < this.values.length; i++) {
      if (this.values[i].length != rows[i] * cols[i] || this.grads[i].length != rows[i] * cols[i]) {
        throw new IllegalArgumentException("tensor " + i + " differs from its shape");
      }
    }
  }

  /** The tensors of {@code a} followed by those of {@code b} (live views of both). */
  public static ParametersF32 concat(ParametersF32 a, ParametersF32 b) {
    int n = a.count() + b.count();
    List<float[]> v = new ArrayList<>(List.of(a.values));
    v.addAll(List.of(b.values));
    List<float[]> g = new ArrayList<>(List.of(a.grads));
    g.addAll(List.of(b.grads));
    int[] r = new int[n];
    int[] c = new int[n];
    boolean[] t = new boolean[n];
    for (int i = 0; i < n; i++) {
      ParametersF32 src = i < a.count() ? a : b;
      int j = i < a.count() ? i : i - a.count();
      r[i] = src.rows[j];
      c[i] = src.cols[j];
      t[i] = src.transposed[j];
    }
    return new ParametersF32(v, g, r, c, t);
  }

  /** Number of tensors. */
  public int count() {
    return values.length;
  }

  /** Tensor {@code i} in its stored layout. Live. */
  public float[] value(int i) {
    return values[i];
  }

  /** Gradient {@code i} in the stored layout. Live. */
  public float[] grad(int i) {
    return grads[i];
  }

  /** PyTorch shape of tensor {@code i}: rows. */
  public int rows(int i) {
    return rows[i];
  }

  /** PyTorch shape of tensor {@code i}: columns. */
  public int cols(int i) {
    return cols[i];
  }

  /** Total number of scalar parameters. */
  public int size() {
    int n = 0;
    for (float[] v : values) {
      n += v.length;
    }
    return n;
  }

  /** The global L2 norm of all gradients, summed in double in a fixed order. */
  public double gradNorm() {
    double s = 0;
    for (float[] g : grads) {
      for (float x : g) {
        s += (double) x * x;
      }
    }
    return Math.sqrt(s);
  }

  /** True when every parameter is finite. */
  public boolean allFinite() {
    for (float[] v : values) {
      for (float x : v) {
        if (!Float.isFinite(x)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Copies every value from {@code src} (same shapes and layouts). */
  public void copyFrom(ParametersF32 src) {
    for (int i = 0; i < values.length; i++) {
      System.arraycopy(src.values[i], 0, values[i], 0, values[i].length);
    }
  }

  /** Polyak averaging {@code this ← this + τ·(src − this)}, the soft target update. */
  public void softUpdateFrom(ParametersF32 src, float tau) {
    for (int i = 0; i < values.length; i++) {
      float[] t = values[i];
      float[] s = src.values[i];
      for (int k = 0; k < t.length; k++) {
        t[k] += tau * (s[k] - t[k]);
      }
    }
  }

  /** Writes every value into the double list (PyTorch layout), exactly. Modified: {@code dst}. */
  public void copyTo(Parameters dst) {
    for (int i = 0; i < values.length; i++) {
      toDouble(i, values[i], dst.value(i));
    }
  }

  /** Writes every gradient into the double list's gradients (PyTorch layout), exactly. */
  public void copyGradsTo(Parameters dst) {
    for (int i = 0; i < grads.length; i++) {
      toDouble(i, grads[i], dst.grad(i));
    }
  }

  /** Reads every value from the double list, rounding to float. Not modified: {@code src}. */
  public void copyFrom(Parameters src) {
    for (int i = 0; i < values.length; i++) {
      fromDouble(i, src.value(i), values[i]);
    }
  }

  /** Tensor-{@code i}-shaped {@code src} (stored layout) into {@code dst} (PyTorch layout). */
  public void toDouble(int i, float[] src, DMatrixRMaj dst) {
    int r = rows[i];
    int c = cols[i];
    double[] d = dst.data;
    if (!transposed[i]) {
      for (int k = 0; k < r * c; k++) {
        d[k] = src[k];
      }
      return;
    }
    for (int a = 0; a < r; a++) {
      for (int b = 0; b < c; b++) {
        d[a * c + b] = src[b * r + a];
      }
    }
  }

  /** The inverse of {@link #toDouble}, rounding. Modified: {@code dst}. */
  public void fromDouble(int i, DMatrixRMaj src, float[] dst) {
    int r = rows[i];
    int c = cols[i];
    double[] d = src.data;
    if (!transposed[i]) {
      for (int k = 0; k < r * c; k++) {
        dst[k] = (float) d[k];
      }
      return;
    }
    for (int a = 0; a < r; a++) {
      for (int b = 0; b < c; b++) {
        dst[b * r + a] = (float) d[a * c + b];
      }
    }
  }
}
