package dev.reflex.plant.pi4j;

/**
 * One actuator channel of {@link Pi4jPlantIO}: a command in physical units, and a safe state.
 *
 * <p>Real-time: allocation-free, never throws. Threading: {@link #write} on the control thread;
 * {@link #safe} from the control thread or the watchdog.
 */
interface ActuatorChannel {

  /** Drives the command (clamped to the channel's range); returns a PlantStatus code. */
  int write(double value);

  /** Drives the channel's safe state; returns a PlantStatus code. */
  int safe();
}
