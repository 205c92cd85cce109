package dev.reflex.loop;

import dev.reflex.safety.SafetyFlags;

/**
 * Status bits of one tick, in step records and telemetry samples: the safety filter's bits plus the
 * loop's own.
 */
public final class TickFlags {
  /** See {@link SafetyFlags#SENSOR_STALE}. */
  public static final int SENSOR_STALE = SafetyFlags.SENSOR_STALE;

  /** See {@link SafetyFlags#SENSOR_FAILED}. */
  public static final int SENSOR_FAILED = SafetyFlags.SENSOR_FAILED;

  /** See {@link SafetyFlags#FAULTED}. */
  public static final int FAULTED = SafetyFlags.FAULTED;

  /** See {@link SafetyFlags#CLAMPED}. */
  public static final int CLAMPED = SafetyFlags.CLAMPED;

  /** See {@link SafetyFlags#RATE_LIMITED}. */
  public static final int RATE_LIMITED = SafetyFlags.RATE_LIMITED;

  /** See {@link SafetyFlags#HOLD}. */
  public static final int HOLD = SafetyFlags.HOLD;

  /** See {@link SafetyFlags#STOP}. */
  public static final int STOP = SafetyFlags.STOP;

  /** Periods were skipped before this tick (it followed an overrun). */
  public static final int LATE = 1 << 8;

  /** The actuator write failed. */
  public static final int WRITE_FAILED = 1 << 9;

  /** A new policy was swapped in at the start of this tick. */
  public static final int POLICY_SWAPPED = 1 << 10;

  /** A pending policy was rejected (wrong observation or action size). */
  public static final int POLICY_REJECTED = 1 << 11;

  /**
   * The plant reset itself before this tick's sample (a new episode): the step from the previous
   * tick is not a transition of the plant.
   */
  public static final int EPISODE_START = 1 << 12;

  private TickFlags() {}
}
