package dev.reflex.config;

import java.util.List;
import java.util.Map;

/**
 * The sensor and actuator channels each device type offers, with the unit an action entry writing
 * to it must declare. The Pi4J backend fills and reads channels in these names.
 */
public final class DeviceChannels {
  private DeviceChannels() {}

  private static final Map<String, List<String>> SENSORS =
      Map.of(
          "encoder", List.of("angle_rad", "counts"),
          "as5600", List.of("angle_rad"),
          "mpu6050",
              List.of(
                  "accel_x_m_s2",
                  "accel_y_m_s2",
                  "accel_z_m_s2",
                  "gyro_x_rad_s",
                  "gyro_y_rad_s",
                  "gyro_z_rad_s",
                  "temperature_c"),
          "ads1115", List.of("a0_v", "a1_v", "a2_v", "a3_v"),
          "digital_in", List.of("state"));

  /** Actuator channel to the unit its action entry must declare. */
  private static final Map<String, Map<String, String>> ACTUATORS =
      Map.of(
          "hbridge", Map.of("voltage_v", "V"),
          "pca9685", Map.of("pulse_us", "us"),
          "digital_out", Map.of("state", "1"),
          "pwm", Map.of("duty", "1"));

  /** Sensor channels of {@code type} (empty for pure actuators). */
  public static List<String> sensors(String type) {
    return SENSORS.getOrDefault(type, List.of());
  }

  /** Actuator channels of {@code type} (empty for pure sensors). */
  public static List<String> actuators(String type) {
    return List.copyOf(ACTUATORS.getOrDefault(type, Map.of()).keySet());
  }

  /** The unit an action writing {@code type.channel} must declare, or null. */
  public static String actuatorUnit(String type, String channel) {
    return ACTUATORS.getOrDefault(type, Map.of()).get(channel);
  }
}
