package dev.reflex.plant.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.boardinfo.definition.BoardModel;
import com.pi4j.boardinfo.util.BoardInfoHelper;
import com.pi4j.boardinfo.util.PwmChipUtil;
import com.pi4j.context.Context;
import com.pi4j.context.ContextBuilder;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.i2c.LinuxFsI2CProvider;
import com.pi4j.plugin.linuxfs.provider.pwm.LinuxFsPwmProvider;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Creates the Pi4J {@link Context} for a board from explicit {@link Pi4jBoardOptions}.
 *
 * <p>Providers: no auto-detection; the context gets exactly the {@code gpiod} plugin's digital
 * input and output providers (the kernel's GPIO character device) and the {@code linuxfs} plugin's
 * I2C ({@code /dev/i2c-N}) and PWM ({@code /sys/class/pwm}) providers. Auto-detection is avoided on
 * purpose: Pi4J 3.0.4's context builder turns on {@code autoDetectMockPlugins} whenever the board
 * is not recognised as a Raspberry Pi ({@code !BoardInfoHelper.runningOnRaspberryPi()}), so on a
 * Jetson or a workstation a mock plugin on the class path would silently replace the real pins.
 *
 * <p>The gpiochip is named through the Pi4J property {@code gpio.chip.name} ({@link
 * ContextBuilder#setGpioChipName}), which the gpiod providers read when they open their chip; the
 * PWM chip and sysfs path go straight to the linuxfs PWM provider.
 */
public final class Pi4jContexts {

  /** Pi4J property naming the gpiochip the gpiod plugin opens. */
  public static final String GPIO_CHIP_PROPERTY = "gpio.chip.name";

  private Pi4jContexts() {}

  /**
   * Builds the context for a board. For {@link Pi4jBoardOptions.Board#GENERIC} this first sets
   * Pi4J's process-wide board model to {@code GENERIC}: Pi4J's gpiod plugin refuses to open a chip
   * while the model is {@code UNKNOWN}, which it is on a Jetson.
   *
   * @throws com.pi4j.exception.Pi4JException if Pi4J cannot initialise
   */
  public static Context forBoard(Pi4jBoardOptions options) {
    if (options.board() == Pi4jBoardOptions.Board.GENERIC
        && BoardInfoHelper.current().getBoardModel() == BoardModel.UNKNOWN) {
      BoardInfoHelper.current().setBoardModel(BoardModel.GENERIC);
    }
    return builderFor(options).build();
  }

  /**
   * The context builder {@link #forBoard} uses: the gpiod and linuxfs providers, no auto-detection,
   * and the gpiochip property. Exposed so that it can be checked without a board.
   */
  public static ContextBuilder builderFor(Pi4jBoardOptions options) {
    ContextBuilder builder =
        Pi4J.newContextBuilder()
            .noAutoDetect()
            .add(
                GpioDDigitalInputProvider.newInstance(),
                GpioDDigitalOutputProvider.newInstance(),
                LinuxFsI2CProvider.newInstance(),
                LinuxFsPwmProvider.newInstance(options.pwmSysfsPath(), options.effectivePwmChip()));
    if (options.gpioChipName() != null) {
      builder.setGpioChipName(options.gpioChipName());
    }
    return builder;
  }

  /**
   * Fails fast, before Pi4J starts, when the spec drives GPIO lines (encoders, digital pins,
   * H-bridge direction pins) and the GPIO character device it would open is missing: Pi4J would
   * otherwise log several board-detection errors and fail with "No gpio chip yet initialized!".
   * I2C- and PWM-only specs need no gpiochip. Not real-time.
   *
   * @param devDir the device directory, normally {@code /dev}
   * @throws IllegalStateException naming the first channel that needs GPIO ({@code sensor 'name':
   *     }), the missing device and what to do
   */
  public static void requireGpioChip(Path devDir, Pi4jPlantSpec spec) {
    String user = null;
    for (Pi4jSensorSpec s : spec.sensors()) {
      if (user == null
          && (s instanceof Pi4jSensorSpec.Encoder || s instanceof Pi4jSensorSpec.DigitalIn)) {
        user = "sensor '" + s.name() + "': ";
      }
    }
    for (Pi4jActuatorSpec a : spec.actuators()) {
      if (user == null
          && (a instanceof Pi4jActuatorSpec.HBridgeMotor
              || a instanceof Pi4jActuatorSpec.DigitalOut)) {
        user = "actuator '" + a.name() + "': ";
      }
    }
    if (user == null) {
      return;
    }
    String chip = spec.board().gpioChipName();
    if (chip != null) {
      if (!Files.exists(devDir.resolve(chip))) {
        throw new IllegalStateException(
            user
                + "GPIO chip "
                + devDir.resolve(chip)
                + " does not exist (list the chips with 'ls /dev/gpiochip*' or gpiodetect and fix"
                + " the board profile's gpiochip)");
      }
      return;
    }
    try (DirectoryStream<Path> chips = Files.newDirectoryStream(devDir, "gpiochip*")) {
      if (chips.iterator().hasNext()) {
        return;
      }
    } catch (IOException e) {
      // unreadable /dev: report it as missing below
    }
    throw new IllegalStateException(
        user
            + "no GPIO chip: "
            + devDir.resolve("gpiochip*")
            + " does not exist (this machine has no GPIO controller, or the kernel lacks the GPIO"
            + " character device); run on the board, or use plant.backend sim or udp here");
  }

  /**
   * The {@code pwmchipN} number of a PWM chip named as a board profile names it: {@code pwmchip2}
   * directly, or a platform device such as {@code 3280000.pwm} (a Jetson's PWM controllers), found
   * as the target of {@code pwmchipN/device} under {@code pwmSysfsPath}. Not real-time.
   *
   * @throws IllegalStateException naming the chip and the directory when no chip matches
   */
  public static int pwmChipNumber(String pwmSysfsPath, String chip) {
    if (chip.matches("pwmchip[0-9]+")) {
      return Integer.parseInt(chip.substring("pwmchip".length()));
    }
    Path root = Path.of(pwmSysfsPath);
    try (DirectoryStream<Path> chips = Files.newDirectoryStream(root, "pwmchip*")) {
      for (Path dir : chips) {
        Path device = dir.resolve("device");
        if (Files.isSymbolicLink(device)
            && Files.readSymbolicLink(device).getFileName().toString().equals(chip)
            && dir.getFileName().toString().matches("pwmchip[0-9]+")) {
          return Integer.parseInt(dir.getFileName().toString().substring("pwmchip".length()));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "PWM chip " + chip + ": cannot list " + root + " (" + e.getMessage() + ")");
    }
    throw new IllegalStateException(
        "PWM chip "
            + chip
            + " not found under "
            + root
            + " (no pwmchipN/device links to it; is the pin set to PWM?)");
  }

  /**
   * The PWM chip Pi4J's linuxfs plugin picks when none is configured: the RP1's chip on a Pi 5
   * (searched under {@code pwmSysfsPath}), else chip 0.
   */
  static int defaultPwmChip(String pwmSysfsPath) {
    return BoardInfoHelper.usesRP1()
        ? PwmChipUtil.getPWMChipForRP1(pwmSysfsPath)
        : PwmChipUtil.DEFAULT_LEGACY_PWM_CHIP;
  }
}
