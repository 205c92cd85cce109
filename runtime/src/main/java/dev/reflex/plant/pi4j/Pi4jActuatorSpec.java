package dev.reflex.plant.pi4j;

/**
 * One actuator channel of the Pi4J backend: which device, where it is wired, and its physical
 * range. Commands are clamped to {@code [minValue, maxValue]}. Plain records so the config module
 * can map YAML onto them. Pins are BCM GPIO numbers; PWM channels are channels of the board's PWM
 * chip ({@link Pi4jBoardOptions#effectivePwmChip}).
 *
 * <p>Safe state (what {@link dev.reflex.plant.PlantIO#writeSafe} drives): H-bridge stopped (zero
 * duty, direction pins low), PCA9685 channel full off, PWM zero duty, digital output at its safe
 * level.
 */
public sealed interface Pi4jActuatorSpec {

  /** Channel name as {@link dev.reflex.plant.PlantIO#actuatorNames} reports it, with its unit. */
  String name();

  /** Lowest command, physical units. */
  double minValue();

  /** Highest command, physical units. */
  double maxValue();

  /**
   * DC motor on an H-bridge; command: volts.
   *
   * @param secondDirectionPin -1 for phase/enable wiring (one direction pin, high = forward), else
   *     IN2 of IN1/IN2 wiring ({@code directionPin} is IN1)
   * @param supplyV the bridge's supply; duty = volts / supplyV
   * @param deadbandV |command| at or below this stops the motor
   * @param invert true to negate every command (motor leads wired the other way round)
   */
  record HBridgeMotor(
      String name,
      int pwmChannel,
      int frequencyHz,
      int directionPin,
      int secondDirectionPin,
      double supplyV,
      double deadbandV,
      double minValue,
      double maxValue,
      boolean invert)
      implements Pi4jActuatorSpec {

    /** Not inverted. */
    public HBridgeMotor(
        String name,
        int pwmChannel,
        int frequencyHz,
        int directionPin,
        int secondDirectionPin,
        double supplyV,
        double deadbandV,
        double minValue,
        double maxValue) {
      this(
          name,
          pwmChannel,
          frequencyHz,
          directionPin,
          secondDirectionPin,
          supplyV,
          deadbandV,
          minValue,
          maxValue,
          false);
    }
  }

  /** What a PCA9685 channel's output means. */
  enum Pca9685Mode {
    /** Output range in microseconds of pulse width (hobby servos). */
    PULSE_US,
    /** Output range as duty fraction 0..1 (motor-driver inputs, LEDs). */
    DUTY
  }

  /**
   * One PCA9685 channel. The command maps linearly from {@code [minValue, maxValue]} to {@code
   * [minOutput, maxOutput]} (microseconds or duty, per {@code mode}). Channels of one chip must
   * agree on the frequency.
   *
   * @param oscillatorHz the chip's oscillator; 0 for the nominal 25 MHz
   */
  record Pca9685Output(
      String name,
      int bus,
      int address,
      int channel,
      double frequencyHz,
      double oscillatorHz,
      Pca9685Mode mode,
      double minValue,
      double maxValue,
      double minOutput,
      double maxOutput)
      implements Pi4jActuatorSpec {}

  /**
   * A hardware PWM channel; the command maps linearly from {@code [minValue, maxValue]} to duty
   * {@code [minDuty, maxDuty]}.
   */
  record PwmOutput(
      String name,
      int channel,
      int frequencyHz,
      double minValue,
      double maxValue,
      double minDuty,
      double maxDuty)
      implements Pi4jActuatorSpec {}

  /**
   * A GPIO output: on when the command is at or above the middle of {@code [minValue, maxValue]};
   * on is high, or low when {@code activeLow}.
   *
   * @param safeHigh the pin's level in the safe state (a level, not a command)
   * @param activeLow true when "on" drives the pin low
   * @param initialHigh the pin's level when it is opened, until the first write
   */
  record DigitalOut(
      String name,
      int pin,
      boolean safeHigh,
      double minValue,
      double maxValue,
      boolean activeLow,
      boolean initialHigh)
      implements Pi4jActuatorSpec {

    /** Active high, opened at its safe level. */
    public DigitalOut(String name, int pin, boolean safeHigh, double minValue, double maxValue) {
      this(name, pin, safeHigh, minValue, maxValue, false, safeHigh);
    }
  }
}
