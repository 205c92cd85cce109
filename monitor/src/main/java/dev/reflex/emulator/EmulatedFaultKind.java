package dev.reflex.emulator;

/** The faults the plant emulator can inject, with their names in fault files. */
public enum EmulatedFaultKind {
  /** Extra Gaussian noise on the sent sensor values ({@code std}, per value's own unit). */
  SENSOR_NOISE("sensor_noise", "std"),
  /** A constant added to the sent sensor values ({@code bias}). */
  SENSOR_BIAS("sensor_bias", "bias"),
  /** Sensor frames not sent, each with {@code probability}. */
  DROP("drop", null),
  /** Sensor frames sent {@code delay_ms} late (in order). */
  DELAY("delay", "delay_ms"),
  /** Sensor frames sent twice, each with {@code probability}. */
  DUPLICATE("duplicate", null),
  /** A sensor frame held back and sent after the next one, with {@code probability}. */
  REORDER("reorder", null),
  /** Sensor frames with a flipped bit after the checksum (bad CRC), with {@code probability}. */
  CORRUPT("corrupt", null),
  /** Sensor frames with version byte 2 and a valid checksum, with {@code probability}. */
  WRONG_VERSION("wrong_version", null),
  /** The sent sensor values repeat those of the fault's first tick. */
  FREEZE_SENSOR("freeze_sensor", null),
  /** {@code setParameter(name, value)} at the start; the old value is restored at the end. */
  SET_PARAMETER("set_parameter", "value"),
  /** The applied action is clamped to [-level, level]. */
  ACTUATOR_SATURATE("actuator_saturate", "level"),
  /** The actuator ignores commands: the applied action is zero. */
  ACTUATOR_IGNORE("actuator_ignore", null);

  private final String jsonName;
  private final String valueField;

  EmulatedFaultKind(String jsonName, String valueField) {
    this.jsonName = jsonName;
    this.valueField = valueField;
  }

  /** The {@code type} in a fault file. */
  public String jsonName() {
    return jsonName;
  }

  /** The JSON field holding the fault's value, or null when it has none. */
  public String valueField() {
    return valueField;
  }

  /** True for faults drawn per frame with a probability. */
  public boolean isProbabilistic() {
    return this == DROP
        || this == DUPLICATE
        || this == REORDER
        || this == CORRUPT
        || this == WRONG_VERSION;
  }

  /** The kind with this file name, or null. */
  public static EmulatedFaultKind fromJsonName(String name) {
    for (EmulatedFaultKind k : values()) {
      if (k.jsonName.equals(name)) {
        return k;
      }
    }
    return null;
  }
}
