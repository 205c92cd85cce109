package dev.reflex.policy;

/**
 * The element-wise activation after a dense layer. Ids are the strings used in files ({@code
 * reflex.activations}) and configs. The parameterised ones have PyTorch's and ONNX's defaults
 * fixed: ELU with alpha 1, leaky ReLU with negative slope 0.01.
 */
public enum ActivationKind {
  /** max(0, x). */
  RELU("relu"),
  /** tanh(x), in (-1, 1): the usual bounded output. */
  TANH("tanh"),
  /** x unchanged: an unbounded output (clamped to the action bounds after scaling). */
  IDENTITY("identity"),
  /** x for x > 0, else exp(x) - 1 (alpha 1; Isaac Lab's and RSL-RL's hidden activation). */
  ELU("elu"),
  /** x for x > 0, else 0.01 x (PyTorch {@code nn.LeakyReLU()}, ONNX {@code LeakyRelu}). */
  LEAKY_RELU("leaky_relu"),
  /** 1 / (1 + exp(-x)), in (0, 1). */
  SIGMOID("sigmoid");

  /** The negative slope of {@link #LEAKY_RELU}, as a float (ONNX's attribute is a float). */
  public static final float LEAKY_SLOPE = 0.01f;

  private static final String ALLOWED = "relu, tanh, identity, elu, leaky_relu, sigmoid";

  private final String id;

  ActivationKind(String id) {
    this.id = id;
  }

  /** The id used in files: {@code relu}, {@code tanh}, {@code identity}, {@code elu}, ... */
  public String id() {
    return id;
  }

  /**
   * The kind whose {@link #id()} is {@code id}.
   *
   * @throws IllegalArgumentException naming the id and the allowed ones.
   */
  public static ActivationKind fromId(String id) {
    for (ActivationKind k : values()) {
      if (k.id.equals(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown activation '" + id + "' (allowed: " + ALLOWED + ")");
  }

  /** Applies the activation in float32. Real-time: allocation-free. */
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

  /** Applies the activation in float64. Real-time: allocation-free. */
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
}
