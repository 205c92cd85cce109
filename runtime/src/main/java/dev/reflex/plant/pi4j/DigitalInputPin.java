package dev.reflex.plant.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;

/**
 * One GPIO read as a digital input, polled ({@link #level}) or watched ({@link #addListener}).
 *
 * <p>Real-time: {@link #level} is allocation-free and never throws. Threading: {@link #level} from
 * any thread; listeners run on Pi4J's listener thread for the pin.
 */
public final class DigitalInputPin implements AutoCloseable {

  /** Returned by {@link #level} when the read failed. */
  public static final int FAILED = -1;

  private final Context context;
  private final DigitalInput input;

  /**
   * Opens the pin.
   *
   * @param bcm the Broadcom GPIO number (the line offset on the gpiochip), not the header pin
   * @param pull the bias
   * @param debounceUs Pi4J's debounce time in microseconds; 0 for encoders (Pi4J's default is 10000
   *     us, which would swallow encoder edges)
   */
  public DigitalInputPin(Context context, int bcm, InputPull pull, long debounceUs) {
    if (bcm < 0) {
      throw new IllegalArgumentException("gpio " + bcm + " out of range: allowed 0 or more");
    }
    if (debounceUs < 0) {
      throw new IllegalArgumentException(
          "debounceUs " + debounceUs + " out of range: allowed 0 or more");
    }
    this.context = context;
    this.input =
        context.create(
            DigitalInput.newConfigBuilder(context)
                .id("din-" + bcm)
                .address(bcm)
                .pull(
                    switch (pull) {
                      case UP -> PullResistance.PULL_UP;
                      case DOWN -> PullResistance.PULL_DOWN;
                      case OFF -> PullResistance.OFF;
                    })
                .debounce(debounceUs)
                .build());
  }

  /** The pin's level: 1 high, 0 low, or {@link #FAILED}. */
  public int level() {
    try {
      DigitalState state = input.state();
      if (state == DigitalState.HIGH) {
        return 1;
      }
      return state == DigitalState.LOW ? 0 : FAILED;
    } catch (RuntimeException e) {
      return FAILED;
    }
  }

  /** Adds a listener called on every edge Pi4J reports for this pin. */
  void addListener(DigitalStateChangeListener listener) {
    input.addListener(listener);
  }

  /** The Pi4J input, for tests that drive Pi4J's mock pins. */
  DigitalInput pi4jInput() {
    return input;
  }

  /** The pin's BCM number. */
  public int bcm() {
    return input.address();
  }

  @Override
  public void close() {
    try {
      context.shutdown(input);
    } catch (RuntimeException e) {
      // already released with the context
    }
  }
}
