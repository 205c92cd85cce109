package dev.reflex.telemetry;

import java.util.Map;
import java.util.TreeMap;

/**
 * What remote commands may ask for, from the controller's config.
 *
 * @param maxPayloadBytes larger command bodies are rejected unread
 * @param explorationCap upper bound of {@code set-exploration}'s scale
 * @param setpoints allowed setpoints and their inclusive ranges
 * @param recentIds most command ids remembered at once to refuse replays; each is kept until its
 *     own expiry, and new commands are refused as rate-limited while the table is full
 * @param maxTtlMs how far in the future {@code expires} may lie
 */
public record CommandLimits(
    int maxPayloadBytes,
    double explorationCap,
    Map<String, Range> setpoints,
    int recentIds,
    long maxTtlMs) {

  /**
   * An inclusive range of a setpoint.
   *
   * @param min lowest allowed value
   * @param max highest allowed value
   */
  public record Range(double min, double max) {
    /** Checks min <= max. */
    public Range {
      if (!(min <= max)) {
        throw new IllegalArgumentException("setpoint range [" + min + ", " + max + "] is empty");
      }
    }

    /** True if {@code v} lies in the range. */
    public boolean contains(double v) {
      return v >= min && v <= max;
    }
  }

  /** Validates the limits. */
  public CommandLimits {
    if (maxPayloadBytes < 64) {
      throw new IllegalArgumentException("command maxPayloadBytes " + maxPayloadBytes + " < 64");
    }
    if (!(explorationCap >= 0)) {
      throw new IllegalArgumentException("command explorationCap " + explorationCap + " < 0");
    }
    if (recentIds < 1) {
      throw new IllegalArgumentException("command recentIds " + recentIds + " < 1");
    }
    if (maxTtlMs < 1) {
      throw new IllegalArgumentException("command maxTtlMs " + maxTtlMs + " < 1");
    }
    setpoints = new TreeMap<>(setpoints);
  }

  /**
   * 4 KiB bodies, exploration cap 1, no setpoints, 200,000 unexpired ids (more than an hour of
   * commands at the validator's average rate), one-hour TTL.
   */
  public static CommandLimits defaults() {
    return new CommandLimits(4096, 1.0, Map.of(), 200_000, 3_600_000L);
  }

  /** These limits with {@code setpoints}. */
  public CommandLimits withSetpoints(Map<String, Range> setpoints) {
    return new CommandLimits(maxPayloadBytes, explorationCap, setpoints, recentIds, maxTtlMs);
  }
}
