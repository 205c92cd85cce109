package dev.reflex.policy;

/**
 * The element-wise activation after a dense layer. Ids are the strings used in files ({@code
 * reflex.activations}) and configs.
 */
public enum ActivationKind {
  /** max(0, x). */
  RELU("relu"),
  /** tanh(x), in (-1, 1): the usual bounded output. */
  TANH("tanh"),
  /** x unchanged: an unbounded output (clamped to the action bounds after scaling). */
  IDENTITY("identity");

  private final String id;

  ActivationKind(String id) {
    this.id = id;
  }

  /** The id used in files: {@code relu}, {@code tanh} or {@code identity}. */
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
        "unknown activation '" + id + "' (allowed: relu, tanh, identity)");
  }

  /** Applies the activation in float32. Real-time: allocation-free. */
  public float apply(float x) {
    return switch (this) {
      case RELU -> x > 0f ? x : 0f;
      case TANH -> (float) Math.tanh(x);
      case IDENTITY -> x;
    };
  }

  /** Applies the activation in float64. Real-time: allocation-free. */
  public double apply(double x) {
    return switch (this) {
      case RELU -> x > 0.0 ? x : 0.0;
      case TANH -> Math.tanh(x);
      case IDENTITY -> x;
    };
  }
}
