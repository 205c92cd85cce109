package dev.reflex.config;

/**
 * One observation entry: {@code value = transform(source) * scale + offset}.
 *
 * @param name entry name
 * @param from source as written: {@code device.channel} (pi4j), a sensor name (udp) or the sim
 *     plant's observation entry (sim)
 * @param device device part of {@code from} (pi4j), else empty
 * @param channel channel part of {@code from} (pi4j), else all of {@code from}
 * @param transform what is applied to the source first
 * @param rateCutoffHz cut-off of the first-order low-pass on {@link Transform#RATE}
 * @param scale multiplier after the transform
 * @param offset added after scaling
 * @param unit unit of the result, for humans and telemetry
 */
public record ObservationSpec(
    String name,
    String from,
    String device,
    String channel,
    Transform transform,
    double rateCutoffHz,
    double scale,
    double offset,
    String unit) {

  /** Transform of the source value. */
  public enum Transform {
    /** The value itself. */
    IDENTITY,
    /** cos(value), value in radians. */
    COS,
    /** sin(value), value in radians. */
    SIN,
    /** Finite-difference rate per second, low-pass filtered at {@code rateCutoffHz}. */
    RATE
  }
}
