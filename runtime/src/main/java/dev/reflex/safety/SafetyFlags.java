package dev.reflex.safety;

/**
 * Status bits the safety filter returns for a tick (ints, so the hot path never boxes). The loop
 * adds its own bits above these in {@code dev.reflex.loop.TickFlags}.
 */
public final class SafetyFlags {
  /** The sensors reported stale values (still within the stale timeout unless also faulted). */
  public static final int SENSOR_STALE = 1;

  /** The sensor read failed; the observation is undefined and the policy was not run. */
  public static final int SENSOR_FAILED = 1 << 1;

  /** A fault is latched: the safe action was applied. */
  public static final int FAULTED = 1 << 2;

  /** At least one channel was clamped to its physical limit. */
  public static final int CLAMPED = 1 << 3;

  /** At least one channel was rate-limited. */
  public static final int RATE_LIMITED = 1 << 4;

  /** A commanded safe state holds the actuators at the safe action. */
  public static final int HOLD = 1 << 5;

  /** A controlled stop is due. */
  public static final int STOP = 1 << 6;

  private SafetyFlags() {}
}
