package dev.reflex.plant.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.boardinfo.definition.BoardModel;
import com.pi4j.boardinfo.util.BoardInfoHelper;
import com.pi4j.boardinfo.util.PwmChipUtil;
import com.pi4j.context.Context;
import com.pi4j.context.ContextBuilder;

/**
 * Creates the Pi4J {@link Context} for a board from explicit {@link Pi4jBoardOptions}.
 *
 * <p>Plugins: the context auto-detects the plugins on the class path: {@code gpiod} (digital in/out
 * through the kernel's GPIO character device) and {@code linuxfs} (I2C on {@code /dev/i2c-N},
 * hardware PWM through {@code /sys/class/pwm}). Pi4J 3.0.4 skips a mock plugin found on the class
 * path unless {@code autoDetectMockPlugins()} is called, which this factory never does; the mock
 * plugin is a test-scope dependency besides.
 *
 * <p>Pi4J properties set here: {@code gpio.chip.name} (read by the gpiod plugin when it opens its
 * chip; {@link ContextBuilder#setGpioChipName}), {@code linux.pwm.chip} and {@code
 * linux.pwm.system.path} (read by the linuxfs plugin).
 */
public final class Pi4jContexts {

  /** Pi4J property naming the gpiochip the gpiod plugin opens. */
  public static final String GPIO_CHIP_PROPERTY = "gpio.chip.name";

  /** Pi4J property numbering the PWM chip the linuxfs plugin uses. */
  public static final String PWM_CHIP_PROPERTY = "linux.pwm.chip";

  /** Pi4J property for the PWM class directory. */
  public static final String PWM_PATH_PROPERTY = "linux.pwm.system.path";

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
   * The context builder {@link #forBoard} uses: auto-detected (non-mock) plugins and the properties
   * for the options. Exposed so that the properties can be checked without a board.
   */
  public static ContextBuilder builderFor(Pi4jBoardOptions options) {
    ContextBuilder builder = Pi4J.newContextBuilder().autoDetect();
    if (options.gpioChipName() != null) {
      builder.setGpioChipName(options.gpioChipName());
    }
    if (options.pwmChip() >= 0) {
      builder.property(PWM_CHIP_PROPERTY, Integer.toString(options.pwmChip()));
    }
    builder.property(PWM_PATH_PROPERTY, options.pwmSysfsPath());
    return builder;
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
