package dev.reflex.config;

import java.util.List;

/**
 * One device of the {@code pi4j} backend. The composition root switches over the permitted records.
 * Sensor and actuator channel names per type are in {@link DeviceChannels}.
 */
public sealed interface DeviceConfig {

  /** Unique device name; observation/action entries refer to {@code name.channel}. */
  String name();

  /** The {@code type} key as written, e.g. {@code encoder}. */
  String type();

  /**
   * Quadrature encoder on two GPIO inputs; channels {@code angle_rad}, {@code counts}.
   *
   * @param countsPerRev quadrature counts per output-shaft revolution
   */
  record Encoder(String name, GpioPin a, GpioPin b, int countsPerRev, boolean invert)
      implements DeviceConfig {
    @Override
    public String type() {
      return "encoder";
    }
  }

  /** AS5600 magnetic angle sensor; channel {@code angle_rad}. Address is 7-bit. */
  record As5600(String name, int bus, int address, double zeroOffsetRad, boolean invert)
      implements DeviceConfig {
    @Override
    public String type() {
      return "as5600";
    }
  }

  /** MPU-6050 IMU; accelerometer (m/s²), gyro (rad/s) and temperature (°C) channels. */
  record Mpu6050(String name, int bus, int address, int accelRangeG, int gyroRangeDps)
      implements DeviceConfig {
    @Override
    public String type() {
      return "mpu6050";
    }
  }

  /** ADS1115 ADC, single-ended; channels {@code a0_v .. a3_v}. */
  record Ads1115(String name, int bus, int address, double fullScaleV, int dataRateSps)
      implements DeviceConfig {
    @Override
    public String type() {
      return "ads1115";
    }
  }

  /**
   * H-bridge; actuator channel {@code voltage_v}, duty = |v| / supplyV, sign on the direction pins.
   *
   * @param dir one direction pin (phase/enable) or two ({@code in1, in2})
   */
  record HBridge(
      String name,
      PwmPin pwm,
      List<GpioPin> dir,
      double supplyV,
      double pwmFrequencyHz,
      boolean invert)
      implements DeviceConfig {
    @Override
    public String type() {
      return "hbridge";
    }
  }

  /** One PCA9685 output; actuator channel {@code pulse_us}. */
  record Pca9685(
      String name,
      int bus,
      int address,
      int channel,
      double frequencyHz,
      double pulseMinUs,
      double pulseMaxUs)
      implements DeviceConfig {
    @Override
    public String type() {
      return "pca9685";
    }
  }

  /** Digital output; actuator channel {@code state} (0/1). */
  record DigitalOut(String name, GpioPin pin, boolean activeLow, int initial)
      implements DeviceConfig {
    @Override
    public String type() {
      return "digital_out";
    }
  }

  /** Internal bias of a digital input. */
  enum Pull {
    UP,
    DOWN,
    NONE
  }

  /** Digital input; sensor channel {@code state} (0/1). */
  record DigitalIn(String name, GpioPin pin, Pull pull, boolean activeLow, long debounceNs)
      implements DeviceConfig {
    @Override
    public String type() {
      return "digital_in";
    }
  }

  /** Hardware PWM output; actuator channel {@code duty} (0..1). */
  record Pwm(String name, PwmPin pin, double frequencyHz) implements DeviceConfig {
    @Override
    public String type() {
      return "pwm";
    }
  }
}
