package dev.reflex.plant;

/**
 * The board's view of the plant: sensors in, actuators out, in physical units. One interface, three
 * backends ({@code sim}, {@code pi4j}, {@code udp}) chosen by config in the composition root.
 *
 * <p>Real-time: {@link #read} and {@link #write} are allocation-free and never throw; failures are
 * returned as a {@link PlantStatus} code. Threading: control thread only, except {@link
 * #writeSafe}, which the watchdog may call from its own thread when the control thread stalls.
 */
public interface PlantIO extends AutoCloseable {

  /** Names of the sensor channels, in the order {@link #read} fills them. Not modified. */
  String[] sensorNames();

  /** Names of the actuator channels, in the order {@link #write} takes them. Not modified. */
  String[] actuatorNames();

  /**
   * Reads every sensor.
   *
   * @param sensorsOut one value per sensor channel, physical units. Modified.
   * @param nowNs the loop's clock at the start of the tick, in nanoseconds.
   * @return {@link PlantStatus#OK}, {@link PlantStatus#STALE} (values are old: no fresh frame or
   *     sample within the stale timeout) or {@link PlantStatus#FAILED} (the read failed; values are
   *     undefined)
   */
  int read(double[] sensorsOut, long nowNs);

  /**
   * Drives every actuator.
   *
   * @param actuators one value per actuator channel, physical units, already clamped by the safety
   *     filter. Not modified.
   * @param nowNs the loop's clock, in nanoseconds.
   * @return {@link PlantStatus#OK} or {@link PlantStatus#FAILED}
   */
  int write(double[] actuators, long nowNs);

  /**
   * Drives every actuator to its safe value. Called by the control thread on a fault and by the
   * watchdog thread when the control thread stalls; implementations make it safe to call from
   * either (a single write of each channel, idempotent).
   *
   * @param safeValues one value per actuator channel. Not modified.
   */
  void writeSafe(double[] safeValues);

  /**
   * True when the plant reset itself (a new episode) since the previous {@link #read}: the sample
   * this read returned belongs to the new episode, so the step from the previous sample to it is
   * not a transition of the plant. Plants that never reset themselves keep the default (false).
   * Control thread, right after {@link #read}.
   */
  default boolean episodeStarted() {
    return false;
  }

  /**
   * One line for the operator when the link to the plant changed since the previous call (what it
   * waits for, e.g. an address; that it appeared), else null. For the supervising thread, not the
   * control thread (it may allocate on a change). Backends without a link keep the default.
   */
  default String linkChange() {
    return null;
  }

  /** Releases the devices. Drives nothing: callers write safe values first. */
  @Override
  void close();
}
