package dev.reflex.plant.pi4j;

/**
 * How to open the board's Pi4J context. Plain values so the config module can map YAML onto it.
 *
 * @param board which kind of board: {@link Board#RASPBERRY_PI} lets Pi4J detect the model; {@link
 *     Board#GENERIC} (Jetson and other non-Pi boards) forces Pi4J's board model to {@code GENERIC}
 *     and needs {@code gpioChipName}
 * @param gpioChipName the gpiochip the gpiod plugin opens, e.g. {@code gpiochip0}; {@code null}
 *     lets Pi4J pick the chip whose label contains {@code pinctrl} (the 40-pin header's chip on a
 *     Pi 4 and Pi 5)
 * @param pwmChip the {@code /sys/class/pwm/pwmchipN} number for hardware PWM, or -1 for Pi4J's
 *     choice (the RP1 chip on a Pi 5, found by its {@code 1f00098000} device path, else 0)
 * @param pwmSysfsPath the PWM class directory, normally {@code /sys/class/pwm}
 */
public record Pi4jBoardOptions(Board board, String gpioChipName, int pwmChip, String pwmSysfsPath) {

  /** Default PWM class directory. */
  public static final String DEFAULT_PWM_SYSFS_PATH = "/sys/class/pwm";

  /** The kind of board. */
  public enum Board {
    /** A Raspberry Pi: Pi4J detects the model from the device tree. */
    RASPBERRY_PI,
    /** Any other board (Jetson...): generic board model, named gpiochip. */
    GENERIC
  }

  /**
   * Checks the options.
   *
   * @throws IllegalArgumentException naming the field, its value and what is allowed
   */
  public Pi4jBoardOptions {
    if (board == null) {
      throw new IllegalArgumentException("board is missing: allowed RASPBERRY_PI or GENERIC");
    }
    if (board == Board.GENERIC && (gpioChipName == null || gpioChipName.isBlank())) {
      throw new IllegalArgumentException(
          "gpioChipName is required for board GENERIC (e.g. gpiochip0 on a Jetson Orin)");
    }
    if (pwmChip < -1) {
      throw new IllegalArgumentException(
          "pwmChip " + pwmChip + " out of range: allowed -1 (Pi4J's choice) or 0 or more");
    }
    if (pwmSysfsPath == null || pwmSysfsPath.isBlank()) {
      pwmSysfsPath = DEFAULT_PWM_SYSFS_PATH;
    }
  }

  /** A Raspberry Pi with Pi4J's own choices of gpiochip and PWM chip. */
  public static Pi4jBoardOptions raspberryPi() {
    return new Pi4jBoardOptions(Board.RASPBERRY_PI, null, -1, DEFAULT_PWM_SYSFS_PATH);
  }

  /** The PWM chip number the drivers write to: {@link #pwmChip} or Pi4J's default for the board. */
  public int effectivePwmChip() {
    return pwmChip >= 0 ? pwmChip : Pi4jContexts.defaultPwmChip(pwmSysfsPath);
  }
}
