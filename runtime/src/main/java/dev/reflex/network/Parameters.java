package dev.reflex.network;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * An ordered list of parameter matrices and their gradients, the unit optimisers, target updates
 * and checkpoints work on. The order is the network's (layer 0 weight, layer 0 bias, layer 1
 * weight...).
 *
 * <p>Real-time: every method but the constructor is allocation-free. Threading: one thread at a
 * time.
 */
public final class Parameters {
  private final DMatrixRMaj[] values;
  private final DMatrixRMaj[] grads;

  /** Wraps {@code values} and their {@code grads} (same shapes, same order). */
  public Parameters(List<DMatrixRMaj> values, List<DMatrixRMaj> grads) {
    if (values.size() != grads.size()) {
      throw new IllegalArgumentException("values and grads differ in count");
    }
    this.values = values.toArray(new DMatrixRMaj[0]);
    this.grads = grads.toArray(new DMatrixRMaj[0]);
    for (int i = 0; i < this.values.length; i++) {
      if (this.values[i].getNumElements() != this.grads[i].getNumElements()) {
        throw new IllegalArgumentException("value and grad " + i + " differ in size");
      }
    }
  }

  /** The parameters of {@code a} followed by those of {@code b} (live views of both). */
  public static Parameters concat(Parameters a, Parameters b) {
    List<DMatrixRMaj> values = new java.util.ArrayList<>(List.of(a.values));
    values.addAll(List.of(b.values));
    List<DMatrixRMaj> grads = new java.util.ArrayList<>(List.of(a.grads));
    grads.addAll(List.of(b.grads));
    return new Parameters(values, grads);
  }

  /** Number of parameter matrices. */
  public int count() {
    return values.length;
  }

  /** Parameter matrix {@code i}. Live: modifying it modifies the network. */
  public DMatrixRMaj value(int i) {
    return values[i];
  }

  /** Gradient matrix {@code i}. Live. */
  public DMatrixRMaj grad(int i) {
    return grads[i];
  }

  /** Total number of scalar parameters. */
  public int size() {
    int n = 0;
    for (DMatrixRMaj v : values) {
      n += v.getNumElements();
    }
    return n;
  }

  /** The global L2 norm of all gradients. */
  public double gradNorm() {
    double s = 0;
    for (DMatrixRMaj g : grads) {
      double[] d = g.data;
      int n = g.getNumElements();
      for (int k = 0; k < n; k++) {
        s += d[k] * d[k];
      }
    }
    return Math.sqrt(s);
  }

  /** True when every parameter is finite. */
  public boolean allFinite() {
    for (DMatrixRMaj v : values) {
      double[] d = v.data;
      int n = v.getNumElements();
      for (int k = 0; k < n; k++) {
        if (!Double.isFinite(d[k])) {
          return false;
        }
      }
    }
    return true;
  }

  /** Copies every parameter value from {@code src} (same shapes). */
  public void copyFrom(Parameters src) {
    checkCompatible(src);
    for (int i = 0; i < values.length; i++) {
      System.arraycopy(src.values[i].data, 0, values[i].data, 0, values[i].getNumElements());
    }
  }

  /** Polyak averaging {@code this ← τ·src + (1 − τ)·this}, the soft target update. */
  public void softUpdateFrom(Parameters src, double tau) {
    checkCompatible(src);
    for (int i = 0; i < values.length; i++) {
      double[] t = values[i].data;
      double[] s = src.values[i].data;
      int n = values[i].getNumElements();
      for (int k = 0; k < n; k++) {
        t[k] += tau * (s[k] - t[k]);
      }
    }
  }

  /**
   * Writes all values into one flat array, in order.
   *
   * @param out length at least {@link #size()}. Modified.
   */
  public void flatten(double[] out) {
    int p = 0;
    for (DMatrixRMaj v : values) {
      int n = v.getNumElements();
      System.arraycopy(v.data, 0, out, p, n);
      p += n;
    }
  }

  /** Writes all gradients into one flat array, in order. */
  public void flattenGrads(double[] out) {
    int p = 0;
    for (DMatrixRMaj g : grads) {
      int n = g.getNumElements();
      System.arraycopy(g.data, 0, out, p, n);
      p += n;
    }
  }

  /** Reads all values from a flat array written by {@link #flatten}. Not modified. */
  public void unflatten(double[] in) {
    int p = 0;
    for (DMatrixRMaj v : values) {
      int n = v.getNumElements();
      System.arraycopy(in, p, v.data, 0, n);
      p += n;
    }
  }

  private void checkCompatible(Parameters other) {
    if (other.values.length != values.length) {
      throw new IllegalArgumentException("parameter lists differ in count");
    }
    for (int i = 0; i < values.length; i++) {
      if (other.values[i].getNumElements() != values[i].getNumElements()) {
        throw new IllegalArgumentException("parameter " + i + " differs in shape");
      }
    }
  }
}
