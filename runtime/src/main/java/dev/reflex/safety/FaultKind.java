package dev.reflex.safety;

/**
 * Why the safety layer put the actuators in the safe state. Each kind has a stable numeric code
 * (for telemetry and logs) and a message prepared once, so the control thread never builds strings.
 */
public enum FaultKind {
  /** A sensor read failed or timed out ({@code PlantStatus.FAILED}). */
  SENSOR_FAILED(1, "sensor read failed or timed out"),
  /** Sensor values stayed stale ({@code PlantStatus.STALE}) longer than the stale timeout. */
  SENSOR_STALE(2, "sensor values stale beyond the stale timeout"),
  /** The observation held NaN or an infinity. */
  NAN_OBSERVATION(3, "observation not finite (NaN or Inf)"),
  /** The policy's action held NaN or an infinity. */
  NAN_ACTION(4, "policy action not finite (NaN or Inf)"),
  /** More consecutive deadline misses than the budget allows. */
  DEADLINE_MISSES(5, "too many consecutive deadline misses"),
  /** The actuator write failed. */
  ACTUATOR_WRITE_FAILED(6, "actuator write failed"),
  /** Something in the tick threw (policy, plant, listener). */
  TICK_EXCEPTION(7, "exception in the control tick"),
  /** The watchdog saw no heartbeat from the control thread within its timeout. */
  WATCHDOG_STALL(8, "control thread stalled (watchdog)");

  private final int code;
  private final String message;

  FaultKind(int code, String message) {
    this.code = code;
    this.message = message;
  }

  /** Stable numeric code for telemetry and logs (1..31). */
  public int code() {
    return code;
  }

  /** Human-readable reason, prepared at class load. */
  public String message() {
    return message;
  }

  /** The bit of this kind in a fault mask: {@code 1 << ordinal()}. */
  public int bit() {
    return 1 << ordinal();
  }

  private static final FaultKind[] VALUES = values();

  /** The kinds in declaration order (shared array: do not modify). */
  static FaultKind[] all() {
    return VALUES;
  }

  /**
   * A readable list of the kinds in a mask, e.g. {@code "SENSOR_FAILED,NAN_ACTION"}; allocates, for
   * logs and telemetry off the control thread.
   */
  public static String describeMask(int mask) {
    if (mask == 0) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    for (FaultKind kind : VALUES) {
      if ((mask & kind.bit()) != 0) {
        if (!sb.isEmpty()) {
          sb.append(',');
        }
        sb.append(kind.name());
      }
    }
    return sb.toString();
  }
}
