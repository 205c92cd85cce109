package dev.reflex.learning;

/** How the actor keeps its actions within the scaled bounds [−1, 1]. */
public enum BoundMode {
  /** A tanh output layer; the bounds can never be left. */
  TANH,
  /**
   * A linear output layer and Hausknecht &amp; Stone's (2016) inverting gradients on ∂Q/∂a: a
   * gradient that pushes p up is scaled by (pmax − p)/(pmax − pmin), one that pushes it down by (p
   * − pmin)/(pmax − pmin). Outside the bounds the factor turns negative and pushes p back in.
   */
  INVERTING_GRADIENTS;

  /** Parses {@code tanh} or {@code inverting-gradients}. */
  public static BoundMode parse(String text) {
    return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "tanh" -> TANH;
      case "inverting-gradients", "inverting_gradients", "invert" -> INVERTING_GRADIENTS;
      default ->
          throw new IllegalArgumentException(
              "unknown bound mode '" + text + "' (allowed: tanh, inverting-gradients)");
    };
  }
}
