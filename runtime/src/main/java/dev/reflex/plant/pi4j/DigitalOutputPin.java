package dev.reflex.plant.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import dev.reflex.plant.PlantStatus;

/**
 * One GPIO driven as a digital output, with a safe level it starts at and returns to.
 *
 * <p>Real-time: {@link #set} and {@link #safe} are allocation-free (Pi4J allocates a state-change
 * event only when listeners are registered; this class registers none) and never throw. Threading:
 * the control thread, plus {@link #safe} from the watchdog.
 */
public final class DigitalOutputPin implements AutoCloseable {

  private final Context context;
  private final DigitalOutput output;
  private final boolean safeHigh;
  private volatile boolean high;

  /**
   * Opens the pin at its safe level. Pi4J also drives it to the safe level when the context shuts
   * down.
   *
   * @param bcm the Broadcom GPIO number (the line offset on the gpiochip), not the header pin
   * @param safeHigh the safe level: true for high
   */
  public DigitalOutputPin(Context context, int bcm, boolean safeHigh) {
    this(context, bcm, safeHigh, safeHigh);
  }

  /**
   * Opens the pin at {@code initialHigh}; Pi4J drives it to the safe level when the context shuts
   * down.
   *
   * @param bcm the Broadcom GPIO number (the line offset on the gpiochip), not the header pin
   * @param safeHigh the safe level: true for high
   * @param initialHigh the level at opening
   */
  public DigitalOutputPin(Context context, int bcm, boolean safeHigh, boolean initialHigh) {
    if (bcm < 0) {
      throw new IllegalArgumentException("gpio " + bcm + " out of range: allowed 0 or more");
    }
    this.context = context;
    this.safeHigh = safeHigh;
    DigitalState safeState = safeHigh ? DigitalState.HIGH : DigitalState.LOW;
    this.output =
        context.create(
            DigitalOutput.newConfigBuilder(context)
                .id("dout-" + bcm)
                .address(bcm)
                .initial(initialHigh ? DigitalState.HIGH : DigitalState.LOW)
                .shutdown(safeState)
                .build());
    this.high = initialHigh;
  }

  /**
   * Drives the pin.
   *
   * @return {@link PlantStatus#OK} or {@link PlantStatus#FAILED}
   */
  public int set(boolean level) {
    try {
      output.state(level ? DigitalState.HIGH : DigitalState.LOW);
      high = level;
      return PlantStatus.OK;
    } catch (RuntimeException e) {
      return PlantStatus.FAILED;
    }
  }

  /** Drives the pin to its safe level. */
  public int safe() {
    return set(safeHigh);
  }

  /** The level last written successfully. */
  public boolean isHigh() {
    return high;
  }

  /** The Pi4J output, for tests that watch Pi4J's mock pins. */
  DigitalOutput pi4jOutput() {
    return output;
  }

  /** The pin's BCM number. */
  public int bcm() {
    return output.address();
  }

  /** Releases the pin (Pi4J drives its shutdown level). */
  @Override
  public void close() {
    try {
      context.shutdown(output);
    } catch (RuntimeException e) {
      // already released with the context
    }
  }
}
