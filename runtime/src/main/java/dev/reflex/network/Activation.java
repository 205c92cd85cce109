package dev.reflex.network;

import java.util.Locale;

/** Element-wise activation of a dense layer, with the derivative backprop needs. */
public enum Activation {
  /** max(0, z). */
  RELU("relu"),
  /** tanh(z). */
  TANH("tanh"),
  /** z. */
  IDENTITY("identity"),
  /** z for z > 0, else exp(z) - 1 (alpha 1). */
  ELU("elu"),
  /** z for z > 0, else 0.01 z (the slope is the float 0.01f, as in ONNX and PyTorch). */
  LEAKY_RELU("leaky_relu"),
  /** 1 / (1 + exp(-z)). */
  SIGMOID("sigmoid");

  /** The negative slope of {@link #LEAKY_RELU}. */
  private static final double LEAKY_SLOPE = 0.01f;

  private final String id;

  Activation(String id) {
    this.id = id;
  }

  /** The name used in files and configs ({@code relu}, {@code tanh}, {@code identity}). */
  public String id() {
    return id;
  }

  /**
   * Parses an id, case-insensitively ({@code linear} is accepted for identity).
   *
   * @throws IllegalArgumentException naming the allowed ids
   */
  public static Activation parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (Activation a : values()) {
      if (a.id.equals(t)) {
        return a;
      }
    }
    if (t.equals("linear") || t.equals("none")) {
      return IDENTITY;
    }
    throw new IllegalArgumentException(
        "unknown activation '"
            + text
            + "' (allowed: relu, tanh, identity, elu, leaky_relu, sigmoid)");
  }

  /**
   * Applies the activation to the first {@code count} entries.
   *
   * @param z pre-activations. Not modified.
   * @param a activations. Modified (may be the same array as {@code z}).
   */
  public void apply(double[] z, double[] a, int count) {
    switch (this) {
      case RELU -> {
        for (int i = 0; i < count; i++) {
          double v = z[i];
          a[i] = v > 0 ? v : 0;
        }
      }
      case TANH -> {
        for (int i = 0; i < count; i++) {
          a[i] = Math.tanh(z[i]);
        }
      }
      case IDENTITY -> {
        if (a != z) {
          System.arraycopy(z, 0, a, 0, count);
        }
      }
      case ELU -> {
        for (int i = 0; i < count; i++) {
          double v = z[i];
          a[i] = v > 0 ? v : Math.expm1(v);
        }
      }
      case LEAKY_RELU -> {
        for (int i = 0; i < count; i++) {
          double v = z[i];
          a[i] = v > 0 ? v : LEAKY_SLOPE * v;
        }
      }
      case SIGMOID -> {
        for (int i = 0; i < count; i++) {
          a[i] = 1.0 / (1.0 + Math.exp(-z[i]));
        }
      }
    }
  }

  /**
   * Multiplies an upstream gradient by the activation's derivative: {@code g[i] *= f'(z[i])}.
   *
   * @param z pre-activations. Not modified.
   * @param a activations f(z). Not modified.
   * @param g gradient with respect to the activations on entry, to the pre-activations on exit.
   *     Modified.
   */
  public void backward(double[] z, double[] a, double[] g, int count) {
    switch (this) {
      case RELU -> {
        for (int i = 0; i < count; i++) {
          if (z[i] <= 0) {
            g[i] = 0;
          }
        }
      }
      case TANH -> {
        for (int i = 0; i < count; i++) {
          double t = a[i];
          g[i] *= 1 - t * t;
        }
      }
      case IDENTITY -> {}
      case ELU -> { // d/dz (exp(z) - 1) = exp(z) = f(z) + 1
        for (int i = 0; i < count; i++) {
          if (z[i] <= 0) {
            g[i] *= a[i] + 1;
          }
        }
      }
      case LEAKY_RELU -> {
        for (int i = 0; i < count; i++) {
          if (z[i] <= 0) {
            g[i] *= LEAKY_SLOPE;
          }
        }
      }
      case SIGMOID -> {
        for (int i = 0; i < count; i++) {
          double s = a[i];
          g[i] *= s * (1 - s);
        }
      }
    }
  }
}
