package dev.reflex.plant.pi4j;

/**
 * One sensor channel of the Pi4J backend: which device, where it is wired, and the linear map from
 * the device's physical reading to the channel's value ({@code value = reading * scale + offset}).
 * Plain records so the config module can map YAML onto them (one record type per device kind).
 *
 * <p>Pins are BCM GPIO numbers (the gpiochip line offsets), not header pin numbers. I2C channels on
 * the same bus and address share one device (one read per tick).
 */
public sealed interface Pi4jSensorSpec {

  /** Channel name as {@link dev.reflex.plant.PlantIO#sensorNames} reports it, with its unit. */
  String name();

  /** Multiplies the device reading. */
  double scale();

  /** Added after scaling. */
  double offset();

  /**
   * Quadrature encoder on two GPIO inputs; reading: angle in radians since start.
   *
   * @param countsPerRev quadrature counts per revolution (4 x lines x gear ratio)
   */
  record Encoder(
      String name,
      int pinA,
      int pinB,
      InputPull pull,
      double countsPerRev,
      double scale,
      double offset)
      implements Pi4jSensorSpec {}

  /**
   * AS5600 magnetic angle sensor; reading: angle in radians, 0 .. 2 pi. A missing magnet fails the
   * read.
   *
   * @param rawAngle true for RAW ANGLE, false for ANGLE (scaled to the programmed range)
   */
  record As5600Angle(
      String name, int bus, int address, boolean rawAngle, double scale, double offset)
      implements Pi4jSensorSpec {}

  /**
   * One quantity of an MPU-6050; reading: m/s^2, rad/s or deg C. Channels of one chip must agree on
   * ranges and filter.
   *
   * @param dlpfConfig DLPF_CFG 0..6
   */
  record Mpu6050Axis(
      String name,
      int bus,
      int address,
      Mpu6050.Axis axis,
      Mpu6050.GyroRange gyroRange,
      Mpu6050.AccelRange accelRange,
      int dlpfConfig,
      double scale,
      double offset)
      implements Pi4jSensorSpec {}

  /**
   * One input of an ADS1115; reading: volts. Channels of one chip must agree on PGA and data rate.
   * One input per chip runs in continuous mode; several are converted in turn, one single shot
   * started per tick when the previous one is ready.
   */
  record Ads1115Input(
      String name,
      int bus,
      int address,
      Ads1115.Input input,
      Ads1115.Pga pga,
      Ads1115.DataRate dataRate,
      double scale,
      double offset)
      implements Pi4jSensorSpec {}

  /**
   * A GPIO input; reading: 0 or 1.
   *
   * @param debounceUs Pi4J debounce time in microseconds
   */
  record DigitalIn(
      String name, int pin, InputPull pull, long debounceUs, double scale, double offset)
      implements Pi4jSensorSpec {}
}
