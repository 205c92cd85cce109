package dev.reflex.emulator;

/**
 * One scheduled fault: active for emulator time in [{@code startS}, {@code endS}).
 *
 * @param kind what goes wrong
 * @param startS start, in seconds from emulator start
 * @param endS end, in seconds from emulator start ({@code +Infinity}: until the end)
 * @param probability per-frame probability for the probabilistic kinds, else 1
 * @param value the kind's value (noise std, bias, delay in ms, parameter value, saturation level)
 * @param parameter the plant parameter of {@link EmulatedFaultKind#SET_PARAMETER}, else null
 * @param channel the sensor value affected by noise, bias or freeze; -1 for all
 */
public record Fault(
    EmulatedFaultKind kind,
    double startS,
    double endS,
    double probability,
    double value,
    String parameter,
    int channel,
    int maxRun) {

  /** A fault without a cap on consecutive hits. */
  public Fault(
      EmulatedFaultKind kind,
      double startS,
      double endS,
      double probability,
      double value,
      String parameter,
      int channel) {
    this(kind, startS, endS, probability, value, parameter, channel, 0);
  }

  /** Validates the times, probability and value. */
  public Fault {
    if (kind == null) {
      throw new IllegalArgumentException("fault kind missing");
    }
    if (!(startS >= 0) || !(endS > startS)) {
      throw new IllegalArgumentException(
          kind.jsonName()
              + ": start_s "
              + startS
              + " and end_s "
              + endS
              + " must satisfy 0 <= start_s < end_s");
    }
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException(
          kind.jsonName() + ": probability " + probability + " out of range [0, 1]");
    }
    if (Double.isNaN(value)
        || (kind == EmulatedFaultKind.DELAY || kind == EmulatedFaultKind.SENSOR_NOISE) && value < 0
        || kind == EmulatedFaultKind.ACTUATOR_SATURATE && !(value >= 0)) {
      throw new IllegalArgumentException(
          kind.jsonName() + ": " + kind.valueField() + " " + value + " must be >= 0");
    }
    if (maxRun < 0) {
      throw new IllegalArgumentException(
          kind.jsonName() + ": max_run " + maxRun + " must be >= 0 (0: no cap)");
    }
    if (kind == EmulatedFaultKind.SET_PARAMETER && (parameter == null || parameter.isBlank())) {
      throw new IllegalArgumentException("set_parameter: name missing");
    }
  }

  /** A fault of {@code kind} with a value, on every channel, always drawn. */
  public static Fault of(EmulatedFaultKind kind, double startS, double endS, double value) {
    return new Fault(kind, startS, endS, 1.0, value, null, -1);
  }

  /** A per-frame fault drawn with {@code probability}. */
  public static Fault withProbability(
      EmulatedFaultKind kind, double startS, double endS, double probability) {
    return new Fault(kind, startS, endS, probability, 0.0, null, -1);
  }

  /** A plant parameter change, restored at {@code endS}. */
  public static Fault setParameter(double startS, double endS, String name, double value) {
    return new Fault(EmulatedFaultKind.SET_PARAMETER, startS, endS, 1.0, value, name, -1);
  }

  /** True when the fault covers time {@code tS}. */
  public boolean activeAt(double tS) {
    return tS >= startS && tS < endS;
  }

  /** True when the fault applies to sensor value {@code index}. */
  public boolean affects(int index) {
    return channel < 0 || channel == index;
  }
}
