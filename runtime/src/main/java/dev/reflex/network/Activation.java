package dev.reflex.network;

import java.util.Locale;

/**
 * The element-wise activation after a dense layer, with the derivative backprop needs: the one
 * activation type of the project (networks, learners, actor files, the float32 policy, ONNX). Ids
 * are the strings used in files ({@code reflex.activations}) and configs. The parameterised ones
 * have PyTorch's and ONNX's defaults fixed: ELU with alpha 1, leaky ReLU with negative slope 0.01.
 */
public enum Activation {
  /** max(0, z). */
  RELU("relu"),
  /** tanh(z), in (-1, 1): the usual bounded output. */
  TANH("tanh"),
  /** z unchanged: an unbounded output (clamped to the action bounds after scaling). */
  IDENTITY("identity"),
  /** z for z > 0, else exp(z) - 1 (alpha 1; Isaac Lab's and RSL-RL's hidden activation). */
  ELU("elu"),
  /** z for z > 0, else 0.01 z (PyTorch {@code nn.LeakyReLU()}, ONNX {@code LeakyRelu}). */
  LEAKY_RELU("leaky_relu"),
  /** 1 / (1 + exp(-z)), in (0, 1). */
  SIGMOID("sigmoid");

  /** The negative slope of {@link #LEAKY_RELU}, as a float (ONNX's attribute is a float). */
  public static final float LEAKY_SLOPE = 0.01f;

  private static final String ALLOWED = "relu, tanh, identity, elu, leaky_relu, sigmoid";

  private final String id;

  Activation(String id) {
    this.id = id;
  }

  /** The id used in files and configs: {@code relu}, {@code tanh}, {@code identity}, ... */
  public String id() {
    return id;
  }

  /**
   * The activation whose {@link #id()} is exactly {@code id} (files; {@link #parse} is the lenient
   * reading for configs and flags).
   *
   * @throws IllegalArgumentException naming the id and the allowed ones.
   */
  public static Activation fromId(String id) {
    for (Activation a : values()) {
      if (a.id.equals(id)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "unknown activation '" + id + "' (allowed: " + ALLOWED + ")");
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
        "unknown activation '" + text + "' (allowed: " + ALLOWED + ")");
  }

  /** Applies the activation to one float32 value. Real-time: allocation-free. */
  public float apply(float x) {
    return switch (this) {
      case RELU -> x > 0f ? x : 0f;
      case TANH -> (float) Math.tanh(x);
      case IDENTITY -> x;
      case ELU -> x > 0f ? x : (float) Math.expm1(x);
      case LEAKY_RELU -> x > 0f ? x : LEAKY_SLOPE * x;
      case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-x)));
    };
  }

  /** Applies the activation to one float64 value. Real-time: allocation-free. */
  public double apply(double x) {
    return switch (this) {
      case RELU -> x > 0.0 ? x : 0.0;
      case TANH -> Math.tanh(x);
      case IDENTITY -> x;
      case ELU -> x > 0.0 ? x : Math.expm1(x);
      case LEAKY_RELU -> x > 0.0 ? x : LEAKY_SLOPE * x;
      case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
    };
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
