package dev.reflex.safety;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The safety layer's settings, one entry per actuator channel for the limits. Validated at
 * construction: every error names the field, the channel and the allowed range.
 *
 * @param actionLow lower physical limit per actuator channel
 * @param actionHigh upper physical limit per actuator channel
 * @param maxRatePerS largest change per second per channel (physical units per second); {@code
 *     Double.POSITIVE_INFINITY} disables the rate limit for that channel
 * @param safeAction the value each channel is driven to on a fault; within the limits
 * @param staleTimeoutNs how long the plant may keep reporting {@code STALE} before {@link
 *     FaultKind#SENSOR_STALE} latches (stale for at least this long); 0 latches on the first stale
 *     read
 * @param maxConsecutiveMisses how many consecutive deadline misses are tolerated; one more latches
 *     {@link FaultKind#DEADLINE_MISSES}
 * @param maxFaults after this many latch events in total the loop makes a controlled stop
 * @param rules what each fault kind does once latched (all kinds present)
 */
public record SafetyConfig(
    double[] actionLow,
    double[] actionHigh,
    double[] maxRatePerS,
    double[] safeAction,
    long staleTimeoutNs,
    int maxConsecutiveMisses,
    int maxFaults,
    Map<FaultKind, FaultRule> rules) {

  /** Validates and copies the arrays. */
  public SafetyConfig {
    int n = actionLow.length;
    requireLength("actionHigh", actionHigh, n);
    requireLength("maxRatePerS", maxRatePerS, n);
    requireLength("safeAction", safeAction, n);
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(actionLow[i]) || !Double.isFinite(actionHigh[i])) {
        throw new IllegalArgumentException(
            "safety: actionLow/actionHigh["
                + i
                + "] must be finite, got ["
                + actionLow[i]
                + ", "
                + actionHigh[i]
                + "]");
      }
      if (actionLow[i] > actionHigh[i]) {
        throw new IllegalArgumentException(
            "safety: actionLow["
                + i
                + "] = "
                + actionLow[i]
                + " is above actionHigh["
                + i
                + "] = "
                + actionHigh[i]);
      }
      if (!(maxRatePerS[i] > 0)) {
        throw new IllegalArgumentException(
            "safety: maxRatePerS[" + i + "] must be > 0 (or Infinity), got " + maxRatePerS[i]);
      }
      if (!(safeAction[i] >= actionLow[i] && safeAction[i] <= actionHigh[i])) {
        throw new IllegalArgumentException(
            "safety: safeAction["
                + i
                + "] = "
                + safeAction[i]
                + " outside the limits ["
                + actionLow[i]
                + ", "
                + actionHigh[i]
                + "]");
      }
    }
    if (staleTimeoutNs < 0) {
      throw new IllegalArgumentException(
          "safety: staleTimeoutNs must be >= 0, got " + staleTimeoutNs);
    }
    if (maxConsecutiveMisses < 0) {
      throw new IllegalArgumentException(
          "safety: maxConsecutiveMisses must be >= 0, got " + maxConsecutiveMisses);
    }
    if (maxFaults < 1) {
      throw new IllegalArgumentException("safety: maxFaults must be >= 1, got " + maxFaults);
    }
    EnumMap<FaultKind, FaultRule> copy = new EnumMap<>(defaultRules());
    copy.putAll(rules);
    actionLow = actionLow.clone();
    actionHigh = actionHigh.clone();
    maxRatePerS = maxRatePerS.clone();
    safeAction = safeAction.clone();
    rules = Map.copyOf(copy);
  }

  /**
   * Defaults for the given limits: no rate limit, stale timeout 50 ms, 5 consecutive misses, 10
   * faults, and {@link #defaultRules()}.
   */
  public static SafetyConfig of(double[] actionLow, double[] actionHigh, double[] safeAction) {
    double[] rate = new double[actionLow.length];
    Arrays.fill(rate, Double.POSITIVE_INFINITY);
    return new SafetyConfig(
        actionLow, actionHigh, rate, safeAction, 50_000_000L, 5, 10, defaultRules());
  }

  /**
   * The default rule per kind: sensor, NaN and write faults clear after 10 clean ticks; tick
   * exceptions and watchdog stalls stay latched until reset; too many deadline misses stops.
   */
  public static Map<FaultKind, FaultRule> defaultRules() {
    EnumMap<FaultKind, FaultRule> rules = new EnumMap<>(FaultKind.class);
    rules.put(FaultKind.SENSOR_FAILED, FaultRule.autoClear(10));
    rules.put(FaultKind.SENSOR_STALE, FaultRule.autoClear(10));
    rules.put(FaultKind.NAN_OBSERVATION, FaultRule.autoClear(10));
    rules.put(FaultKind.NAN_ACTION, FaultRule.autoClear(10));
    rules.put(FaultKind.ACTUATOR_WRITE_FAILED, FaultRule.autoClear(10));
    rules.put(FaultKind.DEADLINE_MISSES, FaultRule.STOP);
    rules.put(FaultKind.TICK_EXCEPTION, FaultRule.LATCHED);
    rules.put(FaultKind.WATCHDOG_STALL, FaultRule.LATCHED);
    return rules;
  }

  /** Number of actuator channels. */
  public int actionSize() {
    return actionLow.length;
  }

  /** A copy with per-channel rate limits. */
  public SafetyConfig withMaxRatePerS(double[] ratePerS) {
    return new SafetyConfig(
        actionLow,
        actionHigh,
        ratePerS,
        safeAction,
        staleTimeoutNs,
        maxConsecutiveMisses,
        maxFaults,
        rules);
  }

  /** A copy with another stale timeout. */
  public SafetyConfig withStaleTimeoutNs(long timeoutNs) {
    return new SafetyConfig(
        actionLow,
        actionHigh,
        maxRatePerS,
        safeAction,
        timeoutNs,
        maxConsecutiveMisses,
        maxFaults,
        rules);
  }

  /** A copy with another consecutive-miss budget. */
  public SafetyConfig withMaxConsecutiveMisses(int misses) {
    return new SafetyConfig(
        actionLow, actionHigh, maxRatePerS, safeAction, staleTimeoutNs, misses, maxFaults, rules);
  }

  /** A copy with another fault budget. */
  public SafetyConfig withMaxFaults(int faults) {
    return new SafetyConfig(
        actionLow,
        actionHigh,
        maxRatePerS,
        safeAction,
        staleTimeoutNs,
        maxConsecutiveMisses,
        faults,
        rules);
  }

  /** A copy with one kind's rule replaced. */
  public SafetyConfig withRule(FaultKind kind, FaultRule rule) {
    EnumMap<FaultKind, FaultRule> copy = new EnumMap<>(rules);
    copy.put(kind, rule);
    return new SafetyConfig(
        actionLow,
        actionHigh,
        maxRatePerS,
        safeAction,
        staleTimeoutNs,
        maxConsecutiveMisses,
        maxFaults,
        copy);
  }

  private static void requireLength(String name, double[] values, int n) {
    if (values.length != n) {
      throw new IllegalArgumentException(
          "safety: "
              + name
              + " has "
              + values.length
              + " entries, expected "
              + n
              + " (one per actuator channel, as actionLow)");
    }
  }
}
