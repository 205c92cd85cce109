package dev.reflex.loop;

/**
 * Receives every tick's signals (telemetry's hook into the loop). Called on the control thread at
 * the end of each tick; the arrays are the loop's own buffers, valid only during the call.
 *
 * <p>Real-time: implementations must be allocation-free, lock-free and do no I/O (copy into a
 * preallocated ring and return). Threading: control thread only.
 */
@FunctionalInterface
public interface TickListener {

  /** Does nothing. */
  TickListener NONE = (tickIndex, tickStartNs, sensors, observation, action, flags) -> {};

  /**
   * One tick's sample.
   *
   * @param tickIndex ticks run before this one
   * @param tickStartNs the tick's start time on the loop clock
   * @param sensors raw sensor values (undefined if {@link TickFlags#SENSOR_FAILED}). Not modified.
   * @param observation the observation given to the policy. Not modified.
   * @param action the applied action written to the actuators. Not modified.
   * @param flags {@link TickFlags} bits
   */
  void onTick(
      long tickIndex,
      long tickStartNs,
      double[] sensors,
      double[] observation,
      double[] action,
      int flags);
}
