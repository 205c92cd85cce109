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
 * @param i2cTransport how I2C chips are reached: {@link I2cTransport#FFM} or {@link
 *     I2cTransport#PI4J}
 */
public record Pi4jBoardOptions(
    Board board, String gpioChipName, int pwmChip, String pwmSysfsPath, I2cTransport i2cTransport) {

  /** Default PWM class directory. */
  public static final String DEFAULT_PWM_SYSFS_PATH = "/sys/class/pwm";

  /** The kind of board. */
  public enum Board {
    /** A Raspberry Pi: Pi4J detects the model from the device tree. */
    RASPBERRY_PI,
    /** Any other board (Jetson...): generic board model, named gpiochip. */
    GENERIC
  }

  /** How the drivers' {@link I2cDevice}s reach the bus. */
  public enum I2cTransport {
    /** {@link FfmI2cDevice}: {@code ioctl(I2C_RDWR)} through FFM, allocation-free per transfer. */
    FFM,
    /** {@link Pi4jI2cDevice}: Pi4J's linuxfs I2C provider, which allocates per transfer. */
    PI4J
  }

  /** Options with Pi4J's I2C transport (the transport tests on Pi4J's mock plugin use). */
  public Pi4jBoardOptions(Board board, String gpioChipName, int pwmChip, String pwmSysfsPath) {
    this(board, gpioChipName, pwmChip, pwmSysfsPath, I2cTransport.PI4J);
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
    if (i2cTransport == null) {
      throw new IllegalArgumentException("i2cTransport is missing: allowed FFM or PI4J");
    }
  }

  /** A Raspberry Pi with Pi4J's own choices of gpiochip and PWM chip, and the FFM I2C transport. */
  public static Pi4jBoardOptions raspberryPi() {
    return new Pi4jBoardOptions(
        Board.RASPBERRY_PI, null, -1, DEFAULT_PWM_SYSFS_PATH, I2cTransport.FFM);
  }

  /** The PWM chip number the drivers write to: {@link #pwmChip} or Pi4J's default for the board. */
  public int effectivePwmChip() {
    return pwmChip >= 0 ? pwmChip : Pi4jContexts.defaultPwmChip(pwmSysfsPath);
  }
}
