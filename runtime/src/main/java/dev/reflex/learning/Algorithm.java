package dev.reflex.learning;

/** The two actor-critic algorithms; both are one {@link Learner} with different options. */
public enum Algorithm {
  /** Lillicrap et al. 2015, "Continuous control with deep reinforcement learning". */
  DDPG,
  /** Fujimoto et al. 2018, "Addressing function approximation error in actor-critic methods". */
  TD3;

  /** Parses {@code ddpg} or {@code td3}. */
  public static Algorithm parse(String text) {
    return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "ddpg" -> DDPG;
      case "td3" -> TD3;
      default ->
          throw new IllegalArgumentException(
              "unknown algorithm '" + text + "' (allowed: ddpg, td3)");
    };
  }
}
