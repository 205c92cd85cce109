package dev.reflex.network;

/** How a network's parameters are initialised. */
public enum Init {
  /**
   * Lillicrap et al. 2015, section 7: hidden layers' weights and biases uniform in ±1/√fan_in; the
   * final layer's uniform in ±3·10⁻³, so initial outputs are near zero.
   */
  DDPG,
  /**
   * PyTorch's {@code nn.Linear} default (Kaiming-uniform with a = √5): every layer's weights and
   * biases uniform in ±1/√fan_in. Used by TD3's reference implementation.
   */
  PYTORCH;

  /** Parses {@code ddpg} or {@code pytorch}. */
  public static Init parse(String text) {
    return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "ddpg" -> DDPG;
      case "pytorch", "torch" -> PYTORCH;
      default ->
          throw new IllegalArgumentException(
              "unknown init '" + text + "' (allowed: ddpg, pytorch)");
    };
  }

  /** The half-width of the uniform distribution for a layer. */
  double bound(int fanIn, boolean finalLayer) {
    if (this == DDPG && finalLayer) {
      return 3e-3;
    }
    return 1.0 / Math.sqrt(fanIn);
  }
}
