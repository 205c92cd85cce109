package dev.reflex.plant.pi4j;

import dev.reflex.plant.PlantStatus;

/**
 * A DC motor on an H-bridge driver: magnitude on a hardware PWM, direction on one or two GPIOs.
 *
 * <p>Two wirings: {@link #phaseEnable} (one direction pin, e.g. DRV8871-style PH/EN or a Cytron
 * MD10C: DIR high = forward) and {@link #twoInputs} (IN1/IN2 pins plus an enable PWM, L298N-style:
 * IN1 high, IN2 low = forward). Commands are volts (clamped to ±supply) or a signed fraction of the
 * supply; a command inside the deadband is a stop.
 *
 * <p>Safe stop ({@link #stop}): PWM to zero first, then the direction pins low, so the bridge
 * coasts. A reversal also goes through zero duty before the direction pins change, so the bridge
 * never sees full duty with a half-switched direction.
 *
 * <p>Real-time: {@link #setVolts} and {@link #setFraction} are allocation-free and never throw.
 * Threading: control thread; {@link #stop} also from the watchdog.
 */
public final class HBridge implements AutoCloseable {

  private final HardwarePwm pwm;
  private final DigitalOutputPin forwardPin;
  private final DigitalOutputPin reversePin; // null for phase/enable wiring
  private final double supplyV;
  private final double deadbandFraction;
  private volatile int direction; // -1, 0 (stopped), +1; the watchdog may stop

  private HBridge(
      HardwarePwm pwm,
      DigitalOutputPin forwardPin,
      DigitalOutputPin reversePin,
      double supplyV,
      double deadbandV) {
    if (!(supplyV > 0)) {
      throw new IllegalArgumentException("supplyV " + supplyV + " out of range: allowed > 0");
    }
    if (!(deadbandV >= 0 && deadbandV < supplyV)) {
      throw new IllegalArgumentException(
          "deadbandV " + deadbandV + " out of range: allowed 0 <= deadbandV < supplyV " + supplyV);
    }
    this.pwm = pwm;
    this.forwardPin = forwardPin;
    this.reversePin = reversePin;
    this.supplyV = supplyV;
    this.deadbandFraction = deadbandV / supplyV;
    stop();
  }

  /**
   * Phase/enable wiring: one direction pin (high = forward) and the PWM on enable.
   *
   * @param deadbandV commands with |volts| at or below this stop the motor
   */
  public static HBridge phaseEnable(
      HardwarePwm pwm, DigitalOutputPin directionPin, double supplyV, double deadbandV) {
    return new HBridge(pwm, directionPin, null, supplyV, deadbandV);
  }

  /**
   * IN1/IN2 wiring: IN1 high and IN2 low = forward, the reverse for reverse, both low = coast; the
   * PWM drives the enable input.
   */
  public static HBridge twoInputs(
      HardwarePwm pwm,
      DigitalOutputPin in1,
      DigitalOutputPin in2,
      double supplyV,
      double deadbandV) {
    return new HBridge(pwm, in1, in2, supplyV, deadbandV);
  }

  /**
   * Drives the motor with an average voltage.
   *
   * @param volts signed; clamped to ±supply; NaN stops
   * @return {@link PlantStatus#OK} or {@link PlantStatus#FAILED}
   */
  public int setVolts(double volts) {
    return setFraction(volts / supplyV);
  }

  /**
   * Drives the motor with a signed fraction of the supply.
   *
   * @param fraction -1..1 (clamped); NaN stops
   * @return {@link PlantStatus#OK} or {@link PlantStatus#FAILED}
   */
  public int setFraction(double fraction) {
    if (!(Math.abs(fraction) > deadbandFraction)) { // inside the deadband, or NaN
      return stop();
    }
    int wanted = fraction > 0 ? 1 : -1;
    double magnitude = Math.min(Math.abs(fraction), 1.0);
    int status = PlantStatus.OK;
    if (wanted != direction) {
      status |= pwm.setDuty(0.0); // never switch direction under load
      status |= setDirectionPins(wanted);
      if (status != PlantStatus.OK) {
        stop();
        return PlantStatus.FAILED;
      }
      direction = wanted;
    }
    return pwm.setDuty(magnitude) == PlantStatus.OK ? PlantStatus.OK : PlantStatus.FAILED;
  }

  /** Safe stop: zero duty, then direction pins low (coast). */
  public int stop() {
    int status = pwm.off();
    status |= forwardPin.safe();
    if (reversePin != null) {
      status |= reversePin.safe();
    }
    direction = 0;
    return status == PlantStatus.OK ? PlantStatus.OK : PlantStatus.FAILED;
  }

  /** -1 reverse, 0 stopped, +1 forward, as last commanded. */
  public int direction() {
    return direction;
  }

  /** The supply voltage commands are scaled against. */
  public double supplyV() {
    return supplyV;
  }

  private int setDirectionPins(int wanted) {
    if (reversePin == null) {
      return forwardPin.set(wanted > 0);
    }
    // release the active side first so the two inputs are never both high
    int status = wanted > 0 ? reversePin.set(false) : forwardPin.set(false);
    return status | (wanted > 0 ? forwardPin.set(true) : reversePin.set(true));
  }

  /** Stops the motor and releases the PWM and pins. */
  @Override
  public void close() {
    stop();
    pwm.close();
    forwardPin.close();
    if (reversePin != null) {
      reversePin.close();
    }
  }
}
