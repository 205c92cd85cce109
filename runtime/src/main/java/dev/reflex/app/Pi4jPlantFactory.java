package dev.reflex.app;

import dev.reflex.config.ActionEntry;
import dev.reflex.config.BoardProfile;
import dev.reflex.config.ControllerConfig;
import dev.reflex.config.DeviceConfig;
import dev.reflex.config.ObservationSpec;
import dev.reflex.config.PlantConfig;
import dev.reflex.config.PwmPin;
import dev.reflex.plant.PlantIO;
import dev.reflex.plant.pi4j.Pi4jActuatorSpec;
import dev.reflex.plant.pi4j.Pi4jBoardOptions;
import dev.reflex.plant.pi4j.Pi4jContexts;
import dev.reflex.plant.pi4j.Pi4jPlantIO;
import dev.reflex.plant.pi4j.Pi4jPlantSpec;
import dev.reflex.plant.pi4j.Pi4jSensorSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Maps a config's {@code pi4j} devices onto the Pi4J backend's {@link Pi4jPlantSpec} and opens it.
 *
 * <p>Channel names are decided here, once ({@link #channelName}): every channel is reported as
 * {@code device.channel}, exactly what an observation's {@code from} and an action's {@code to}
 * say, so {@link SignalMapping} finds them by name. Sensors: the channels the observation entries
 * read, each once, in order of first use; a sensor device no entry reads is not opened. Actuators:
 * the channels the action entries drive, in action order (the order {@link
 * SignalMapping#checkActions} requires); an actuator device no entry drives is an error, since the
 * loop could not hold it anywhere.
 *
 * <p>Board: a profile whose {@code pi4j_board} is a Raspberry Pi model lets Pi4J find the header's
 * gpiochip (by its {@code pinctrl} label) and the PWM chip (the RP1's on a Pi 5); any other board
 * (Jetson) runs with Pi4J's generic board model, the profile's {@code gpiochip}, and the PWM chip
 * its pins name, resolved to a {@code pwmchipN} number under the PWM sysfs directory. Pins are the
 * profile's line offsets ({@code GpioPin.line}); PWM channels are the profile's channel numbers.
 * I2C chips go through the profile's {@code i2c_transport} ({@code ffm} unless it says {@code
 * pi4j}).
 */
public final class Pi4jPlantFactory {
  private Pi4jPlantFactory() {}

  /**
   * Opens the board: the real Pi4J context ({@link Pi4jPlantIO#open}) with the mapped devices.
   *
   * @throws IllegalArgumentException naming the config file and the device when a device cannot be
   *     mapped or opened
   */
  public static PlantIO open(ControllerConfig config, PlantConfig.Pi4j pi4j) {
    String missing = BoardCheck.missingGpio(config.board(), Path.of("/dev"));
    if (missing != null) {
      throw new IllegalArgumentException(
          config.file()
              + ": "
              + missing
              + "; run it on that board, or try a simulated config such as"
              + " firmware-config/controllers/pendulum-sim.yaml");
    }
    return open(config, pi4j, Pi4jBoardOptions.DEFAULT_PWM_SYSFS_PATH, Pi4jPlantIO::open);
  }

  /**
   * Maps the devices and opens them with {@code devices}: {@link Pi4jPlantIO#open} on a board;
   * tests pass a function that builds a {@link Pi4jPlantIO} on Pi4J's mock plugin with chip
   * emulations.
   *
   * @param pwmSysfsPath the PWM class directory, normally {@code /sys/class/pwm}
   * @param devices opens the spec
   * @throws IllegalArgumentException naming the config file and the device when a device cannot be
   *     mapped or opened
   */
  public static PlantIO open(
      ControllerConfig config,
      PlantConfig.Pi4j pi4j,
      String pwmSysfsPath,
      Function<Pi4jPlantSpec, ? extends PlantIO> devices) {
    Pi4jPlantSpec spec = spec(config, pi4j, pwmSysfsPath);
    try {
      return devices.apply(spec);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(where(config, pi4j, message(e)) + message(e), e);
    }
  }

  /**
   * The spec of a config's devices: board options, sensors and actuators.
   *
   * @param pwmSysfsPath the PWM class directory, where a non-Pi board's PWM chip is looked up
   * @throws IllegalArgumentException naming the config file and the device
   */
  public static Pi4jPlantSpec spec(
      ControllerConfig config, PlantConfig.Pi4j pi4j, String pwmSysfsPath) {
    Map<String, DeviceConfig> devices = new LinkedHashMap<>();
    pi4j.devices().forEach(d -> devices.put(d.name(), d));
    double rateHz = config.loop().rateHz();
    Map<String, Pi4jSensorSpec> sensors = new LinkedHashMap<>();
    for (int i = 0; i < config.observation().size(); i++) {
      ObservationSpec e = config.observation().get(i);
      String name = channelName(e.device(), e.channel());
      if (sensors.containsKey(name)) {
        continue;
      }
      String channel = e.channel();
      DeviceConfig d = devices.get(e.device());
      if (d == null) {
        throw new IllegalArgumentException(
            config.file()
                + ": observation["
                + i
                + "].from: '"
                + name
                + "' names no device of plant.pi4j.devices ("
                + String.join(", ", devices.keySet())
                + ")");
      }
      sensors.put(
          name, mapped(config, pi4j, d, () -> Pi4jDeviceMapping.sensor(d, channel, name, rateHz)));
    }
    List<Pi4jActuatorSpec> actuators = new ArrayList<>();
    List<String> driven = new ArrayList<>();
    for (int i = 0; i < config.action().size(); i++) {
      ActionEntry a = config.action().get(i);
      DeviceConfig d = devices.get(a.device());
      if (d == null) {
        throw new IllegalArgumentException(
            config.file()
                + ": action["
                + i
                + "].to: '"
                + channelName(a.device(), a.channel())
                + "' names no device of plant.pi4j.devices ("
                + String.join(", ", devices.keySet())
                + ")");
      }
      String channel = a.channel();
      String name = channelName(a.device(), channel);
      actuators.add(mapped(config, pi4j, d, () -> Pi4jDeviceMapping.actuator(d, channel, name, a)));
      driven.add(d.name());
    }
    for (DeviceConfig d : pi4j.devices()) {
      if (Pi4jDeviceMapping.isActuator(d) && !driven.contains(d.name())) {
        throw new IllegalArgumentException(
            where(config, pi4j, "'" + d.name() + ".")
                + "no action entry drives it; add one (to: "
                + d.name()
                + "."
                + Pi4jDeviceMapping.actuatorChannel(d)
                + ") or remove the device");
      }
    }
    return new Pi4jPlantSpec(
        boardOptions(config, pi4j, pwmSysfsPath), List.copyOf(sensors.values()), actuators);
  }

  /** The name a channel is reported under: {@code device.channel}. */
  public static String channelName(String device, String channel) {
    return device + "." + channel;
  }

  /**
   * How to open the board's Pi4J context, from its profile.
   *
   * @throws IllegalArgumentException naming the config file: a board without GPIO, PWM devices on
   *     two PWM chips of a non-Pi board, or a PWM chip not found
   */
  static Pi4jBoardOptions boardOptions(
      ControllerConfig config, PlantConfig.Pi4j pi4j, String pwmSysfsPath) {
    BoardProfile board = config.board();
    if (!board.hasGpio()) {
      throw new IllegalArgumentException(
          config.file()
              + ": board: '"
              + board.name()
              + "' has no GPIO; backend pi4j needs a real board profile");
    }
    Pi4jBoardOptions.I2cTransport i2c =
        "pi4j".equals(board.i2cTransport())
            ? Pi4jBoardOptions.I2cTransport.PI4J
            : Pi4jBoardOptions.I2cTransport.FFM;
    if (isRaspberryPi(board)) {
      return new Pi4jBoardOptions(Pi4jBoardOptions.Board.RASPBERRY_PI, null, -1, pwmSysfsPath, i2c);
    }
    String chip = null;
    String chipUser = null;
    for (DeviceConfig d : pi4j.devices()) {
      PwmPin pin =
          switch (d) {
            case DeviceConfig.HBridge h -> h.pwm();
            case DeviceConfig.Pwm p -> p.pin();
            default -> null;
          };
      if (pin == null) {
        continue;
      }
      if (chip != null && !chip.equals(pin.chip())) {
        throw new IllegalArgumentException(
            where(config, pi4j, "'" + d.name() + ".")
                + "its PWM is on "
                + pin.chip()
                + " but "
                + chipUser
                + "'s is on "
                + chip
                + "; the pi4j backend drives one PWM chip per board, so put both on pins of one"
                + " chip");
      }
      chip = pin.chip();
      chipUser = d.name();
    }
    int pwmChip = -1;
    if (chip != null) {
      try {
        pwmChip = Pi4jContexts.pwmChipNumber(pwmSysfsPath, chip);
      } catch (IllegalStateException e) {
        throw new IllegalArgumentException(
            where(config, pi4j, "'" + chipUser + ".") + e.getMessage(), e);
      }
    }
    return new Pi4jBoardOptions(
        Pi4jBoardOptions.Board.GENERIC, board.gpiochip(), pwmChip, pwmSysfsPath, i2c);
  }

  private static boolean isRaspberryPi(BoardProfile board) {
    String model = board.pi4jBoard() == null ? "" : board.pi4jBoard();
    return model.toUpperCase(Locale.ROOT).startsWith("RASPBERRYPI");
  }

  private static <T> T mapped(
      ControllerConfig config,
      PlantConfig.Pi4j pi4j,
      DeviceConfig d,
      java.util.function.Supplier<T> mapping) {
    try {
      return mapping.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          where(config, pi4j, "'" + d.name() + ".") + e.getMessage(), e);
    }
  }

  /**
   * {@code file: plant.pi4j.devices[i] (name, type): } for the device whose channel {@code text}
   * names (as {@code 'device.channel'}), else {@code file: plant.pi4j: }.
   */
  private static String where(ControllerConfig config, PlantConfig.Pi4j pi4j, String text) {
    List<DeviceConfig> devices = pi4j.devices();
    for (int i = 0; i < devices.size(); i++) {
      DeviceConfig d = devices.get(i);
      if (text.contains("'" + d.name() + ".")) {
        return config.file()
            + ": plant.pi4j.devices["
            + i
            + "] ("
            + d.name()
            + ", "
            + d.type()
            + "): ";
      }
    }
    return config.file() + ": plant.pi4j: ";
  }

  private static String message(RuntimeException e) {
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }
}
