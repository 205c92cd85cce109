package dev.reflex.app;

import dev.reflex.config.ActionEntry;
import dev.reflex.config.DeviceChannels;
import dev.reflex.config.DeviceConfig;
import dev.reflex.plant.pi4j.Ads1115;
import dev.reflex.plant.pi4j.InputPull;
import dev.reflex.plant.pi4j.Mpu6050;
import dev.reflex.plant.pi4j.Pi4jActuatorSpec;
import dev.reflex.plant.pi4j.Pi4jSensorSpec;

/**
 * One device channel of a config onto one Pi4J spec record. Pins are the board profile's line
 * offsets; values follow {@link DeviceChannels} (angles in rad, volts, m/s², rad/s, °C, 0/1).
 *
 * <ul>
 *   <li>encoder: {@code angle_rad} = counts × 2π / counts_per_rev, {@code counts} the same channel
 *       scaled by counts_per_rev / 2π (one decoder serves both); {@code invert} negates; no
 *       internal pull.
 *   <li>as5600: RAW ANGLE in [0, 2π), minus {@code zero_offset_rad}, negated by {@code invert}; not
 *       wrapped.
 *   <li>mpu6050: the chip's ranges; DLPF_CFG the widest accelerometer bandwidth below half the loop
 *       rate (260, 184, 94, 44, 21, 10, 5 Hz).
 *   <li>ads1115: single-ended input against GND at the device's full scale and data rate.
 *   <li>digital_in: 0/1, inverted when {@code active_low}.
 *   <li>hbridge: volts in ±supply_v, no deadband; {@code dir: [in1, in2]} or one phase pin.
 *   <li>pca9685: pulse in µs within pulse_min_us..pulse_max_us, 25 MHz internal oscillator.
 *   <li>digital_out: on at ≥ 0.5; its safe level is the action's {@code safe}, its level at opening
 *       {@code initial}.
 *   <li>pwm: duty 0..1.
 * </ul>
 */
final class Pi4jDeviceMapping {
  private Pi4jDeviceMapping() {}

  private static final double[] DLPF_ACCEL_BANDWIDTH_HZ = {260, 184, 94, 44, 21, 10, 5};

  /**
   * The sensor spec of {@code device.channel}, reported as {@code name}.
   *
   * @param loopRateHz the control loop's rate (chooses the MPU-6050's low-pass)
   * @throws IllegalArgumentException when the device has no such sensor channel
   */
  static Pi4jSensorSpec sensor(
      DeviceConfig device, String channel, String name, double loopRateHz) {
    requireChannel(device, channel, true);
    return switch (device) {
      case DeviceConfig.Encoder e -> {
        double sign = e.invert() ? -1 : 1;
        double scale = channel.equals("counts") ? sign * e.countsPerRev() / (2 * Math.PI) : sign;
        yield new Pi4jSensorSpec.Encoder(
            name, e.a().line(), e.b().line(), InputPull.OFF, e.countsPerRev(), scale, 0);
      }
      case DeviceConfig.As5600 a -> {
        double sign = a.invert() ? -1 : 1;
        yield new Pi4jSensorSpec.As5600Angle(
            name, a.bus(), a.address(), true, sign, 0.0 - sign * a.zeroOffsetRad());
      }
      case DeviceConfig.Mpu6050 m ->
          new Pi4jSensorSpec.Mpu6050Axis(
              name,
              m.bus(),
              m.address(),
              axis(channel),
              Mpu6050.GyroRange.valueOf("DPS_" + m.gyroRangeDps()),
              Mpu6050.AccelRange.valueOf("G_" + m.accelRangeG()),
              dlpfConfig(loopRateHz),
              1,
              0);
      case DeviceConfig.Ads1115 a ->
          new Pi4jSensorSpec.Ads1115Input(
              name,
              a.bus(),
              a.address(),
              Ads1115.Input.singleEnded(channel.charAt(1) - '0'),
              pga(a.fullScaleV()),
              dataRate(a.dataRateSps()),
              1,
              0);
      case DeviceConfig.DigitalIn d ->
          new Pi4jSensorSpec.DigitalIn(
              name,
              d.pin().line(),
              switch (d.pull()) {
                case UP -> InputPull.UP;
                case DOWN -> InputPull.DOWN;
                case NONE -> InputPull.OFF;
              },
              d.debounceNs() / 1000,
              d.activeLow() ? -1 : 1,
              d.activeLow() ? 1 : 0);
      default -> throw new IllegalArgumentException(device.type() + " has no sensor channels");
    };
  }

  /**
   * The actuator spec of {@code device.channel}, reported as {@code name}, driven by {@code
   * action}.
   *
   * @throws IllegalArgumentException when the device has no such actuator channel
   */
  static Pi4jActuatorSpec actuator(
      DeviceConfig device, String channel, String name, ActionEntry action) {
    requireChannel(device, channel, false);
    return switch (device) {
      case DeviceConfig.HBridge h -> {
        if (h.dir().isEmpty() || h.dir().size() > 2) {
          throw new IllegalArgumentException(
              "dir has " + h.dir().size() + " pins: allowed one (phase) or two (in1, in2)");
        }
        yield new Pi4jActuatorSpec.HBridgeMotor(
            name,
            h.pwm().channel(),
            (int) Math.round(h.pwmFrequencyHz()),
            h.dir().get(0).line(),
            h.dir().size() == 2 ? h.dir().get(1).line() : -1,
            h.supplyV(),
            0,
            -h.supplyV(),
            h.supplyV(),
            h.invert());
      }
      case DeviceConfig.Pca9685 p ->
          new Pi4jActuatorSpec.Pca9685Output(
              name,
              p.bus(),
              p.address(),
              p.channel(),
              p.frequencyHz(),
              0,
              Pi4jActuatorSpec.Pca9685Mode.PULSE_US,
              p.pulseMinUs(),
              p.pulseMaxUs(),
              p.pulseMinUs(),
              p.pulseMaxUs());
      case DeviceConfig.DigitalOut d -> {
        boolean safeOn = action.safe() >= 0.5;
        yield new Pi4jActuatorSpec.DigitalOut(
            name,
            d.pin().line(),
            safeOn != d.activeLow(),
            0,
            1,
            d.activeLow(),
            (d.initial() == 1) != d.activeLow());
      }
      case DeviceConfig.Pwm p ->
          new Pi4jActuatorSpec.PwmOutput(
              name, p.pin().channel(), (int) Math.round(p.frequencyHz()), 0, 1, 0, 1);
      default -> throw new IllegalArgumentException(device.type() + " has no actuator channels");
    };
  }

  /** True for a device type with an actuator channel. */
  static boolean isActuator(DeviceConfig device) {
    return !DeviceChannels.actuators(device.type()).isEmpty();
  }

  /** The actuator channel of an actuator device. */
  static String actuatorChannel(DeviceConfig device) {
    return DeviceChannels.actuators(device.type()).get(0);
  }

  /** DLPF_CFG: the widest accelerometer bandwidth below half the loop rate (6 if none is). */
  static int dlpfConfig(double loopRateHz) {
    for (int i = 0; i < DLPF_ACCEL_BANDWIDTH_HZ.length; i++) {
      if (DLPF_ACCEL_BANDWIDTH_HZ[i] < loopRateHz / 2) {
        return i;
      }
    }
    return DLPF_ACCEL_BANDWIDTH_HZ.length - 1;
  }

  private static void requireChannel(DeviceConfig device, String channel, boolean sensor) {
    var channels =
        sensor ? DeviceChannels.sensors(device.type()) : DeviceChannels.actuators(device.type());
    if (!channels.contains(channel)) {
      throw new IllegalArgumentException(
          device.type()
              + " has no "
              + (sensor ? "sensor" : "actuator")
              + " channel '"
              + channel
              + "' (channels: "
              + String.join(", ", channels)
              + ")");
    }
  }

  private static Mpu6050.Axis axis(String channel) {
    return switch (channel) {
      case "accel_x_m_s2" -> Mpu6050.Axis.ACCEL_X;
      case "accel_y_m_s2" -> Mpu6050.Axis.ACCEL_Y;
      case "accel_z_m_s2" -> Mpu6050.Axis.ACCEL_Z;
      case "gyro_x_rad_s" -> Mpu6050.Axis.GYRO_X;
      case "gyro_y_rad_s" -> Mpu6050.Axis.GYRO_Y;
      case "gyro_z_rad_s" -> Mpu6050.Axis.GYRO_Z;
      default -> Mpu6050.Axis.TEMPERATURE;
    };
  }

  private static Ads1115.Pga pga(double fullScaleV) {
    for (Ads1115.Pga p : Ads1115.Pga.values()) {
      if (Math.abs(p.fullScaleV - fullScaleV) < 1e-9) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "full_scale_v " + fullScaleV + ": allowed 6.144, 4.096, 2.048, 1.024, 0.512, 0.256");
  }

  private static Ads1115.DataRate dataRate(int samplesPerSecond) {
    for (Ads1115.DataRate r : Ads1115.DataRate.values()) {
      if (r.samplesPerSecond == samplesPerSecond) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "data_rate_sps " + samplesPerSecond + ": allowed 8, 16, 32, 64, 128, 250, 475, 860");
  }
}
