package dev.reflex.config;

/**
 * Fault detection and the controlled stop.
 *
 * @param staleTimeoutNs a sensor value older than this is a fault
 * @param missBudget consecutive missed deadlines tolerated before a fault
 * @param faultsBeforeStop consecutive faulty ticks before the controlled stop
 * @param watchdogPeriodNs the watchdog writes safe values after this long without a tick
 * @param nanPolicy what a non-finite observation or action does
 */
public record SafetySection(
    long staleTimeoutNs,
    int missBudget,
    int faultsBeforeStop,
    long watchdogPeriodNs,
    NanPolicy nanPolicy) {

  /** Reaction to a NaN or infinite value; each also counts as a fault. */
  public enum NanPolicy {
    /** Write the safe values this tick. */
    SAFE,
    /** Repeat the last good action. */
    HOLD,
    /** Controlled stop at once. */
    STOP
  }
}
