package dev.reflex.loop;

/**
 * Commands from outside the loop (MQTT, the CLI) that the control thread applies at its next tick
 * boundary. Calls return at once; nothing waits for the control thread.
 *
 * <p>Threading: any thread.
 */
public interface RemoteCommands {

  /** Holds the actuators at the safe action until {@link #leaveSafeState()}. */
  void enterSafeState();

  /** Releases a commanded hold and clears latched faults (the explicit reset). */
  void leaveSafeState();

  /**
   * Sets a setpoint that observation entries may read.
   *
   * @param index setpoint index
   * @param value new value, finite
   * @return false if the index is out of range or the value is not finite (nothing changed)
   */
  boolean setSetpoint(int index, double value);
}
