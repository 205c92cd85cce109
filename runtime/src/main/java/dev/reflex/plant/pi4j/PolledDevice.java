package dev.reflex.plant.pi4j;

/**
 * A device read once per tick before its channels take their values.
 *
 * <p>Real-time: allocation-free, never throws. Threading: control thread.
 */
@FunctionalInterface
interface PolledDevice {

  /** Reads the device; returns {@link dev.reflex.plant.PlantStatus#OK} or FAILED. */
  int poll();
}
