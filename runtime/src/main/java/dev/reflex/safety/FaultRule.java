package dev.reflex.safety;

/**
 * What happens after a fault of one kind latched.
 *
 * @param clearAfterTicks the fault clears by itself once its condition has been absent for this
 *     many consecutive ticks; 0 keeps it latched until an explicit reset
 * @param stop true if this kind demands a controlled stop of the loop as soon as it latches
 */
public record FaultRule(int clearAfterTicks, boolean stop) {

  /** Latched until reset, no stop. */
  public static final FaultRule LATCHED = new FaultRule(0, false);

  /** Latched and the loop stops. */
  public static final FaultRule STOP = new FaultRule(0, true);

  /** Validates the rule. */
  public FaultRule {
    if (clearAfterTicks < 0) {
      throw new IllegalArgumentException("clearAfterTicks must be >= 0, got " + clearAfterTicks);
    }
  }

  /** Clears by itself after {@code ticks} clean ticks. */
  public static FaultRule autoClear(int ticks) {
    if (ticks <= 0) {
      throw new IllegalArgumentException("auto-clear needs ticks >= 1, got " + ticks);
    }
    return new FaultRule(ticks, false);
  }
}
