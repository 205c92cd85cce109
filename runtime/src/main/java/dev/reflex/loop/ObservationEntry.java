package dev.reflex.loop;

/**
 * One entry of the observation vector: {@code transform(scale * source[index] + offset)}.
 *
 * <p>For {@link ObservationTransform#RATE} the calibrated value is differentiated (so the offset
 * drops out) and low-pass filtered with a first-order filter of cut-off {@code rateCutoffHz} (0 or
 * below: no filtering).
 *
 * @param fromSetpoint true to read the setpoint array (remote-commanded targets) instead of the
 *     sensors
 * @param index index into the sensors (or setpoints)
 * @param transform how the calibrated value becomes the entry
 * @param scale multiplies the raw value (e.g. counts to radians)
 * @param offset added after scaling
 * @param rateCutoffHz cut-off of the rate filter, {@link ObservationTransform#RATE} only
 */
public record ObservationEntry(
    boolean fromSetpoint,
    int index,
    ObservationTransform transform,
    double scale,
    double offset,
    double rateCutoffHz) {

  /** Validates the numbers. */
  public ObservationEntry {
    if (index < 0) {
      throw new IllegalArgumentException("observation entry index must be >= 0, got " + index);
    }
    if (!Double.isFinite(scale) || !Double.isFinite(offset) || Double.isNaN(rateCutoffHz)) {
      throw new IllegalArgumentException(
          "observation entry "
              + index
              + ": scale, offset and rateCutoffHz must be numbers, got "
              + scale
              + ", "
              + offset
              + ", "
              + rateCutoffHz);
    }
  }

  /** Sensor {@code sensor} as is. */
  public static ObservationEntry identity(int sensor) {
    return new ObservationEntry(false, sensor, ObservationTransform.IDENTITY, 1, 0, 0);
  }

  /** Cosine of sensor {@code sensor}. */
  public static ObservationEntry cos(int sensor) {
    return new ObservationEntry(false, sensor, ObservationTransform.COS, 1, 0, 0);
  }

  /** Sine of sensor {@code sensor}. */
  public static ObservationEntry sin(int sensor) {
    return new ObservationEntry(false, sensor, ObservationTransform.SIN, 1, 0, 0);
  }

  /** Filtered rate of sensor {@code sensor} in units per second. */
  public static ObservationEntry rate(int sensor, double cutoffHz) {
    return new ObservationEntry(false, sensor, ObservationTransform.RATE, 1, 0, cutoffHz);
  }

  /** Setpoint {@code setpoint} as is. */
  public static ObservationEntry setpoint(int setpoint) {
    return new ObservationEntry(true, setpoint, ObservationTransform.IDENTITY, 1, 0, 0);
  }

  /** This entry with a calibration {@code scale * raw + offset}. */
  public ObservationEntry calibrated(double newScale, double newOffset) {
    return new ObservationEntry(fromSetpoint, index, transform, newScale, newOffset, rateCutoffHz);
  }
}
