package dev.reflex.plant.pi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.ContextConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pi4jContextsTest {

  @Test
  void shouldNameTheGpioChipAndUseOnlyRealProvidersForAGenericBoard() {
    Pi4jBoardOptions jetson =
        new Pi4jBoardOptions(Pi4jBoardOptions.Board.GENERIC, "gpiochip0", 1, "/sys/class/pwm");

    ContextConfig config = Pi4jContexts.builderFor(jetson).toConfig();

    Map<String, String> properties = config.properties();
    assertEquals("gpiochip0", properties.get(Pi4jContexts.GPIO_CHIP_PROPERTY));
    assertFalse(config.autoDetectProviders());
    assertEquals(
        List.of("gpiod-digital-input", "gpiod-digital-output", "linuxfs-i2c", "linuxfs-pwm"),
        config.providers().stream().map(p -> p.id()).sorted().toList());
  }

  @Test
  void shouldLeaveChipChoicesToPi4jOnARaspberryPi() {
    ContextConfig config = Pi4jContexts.builderFor(Pi4jBoardOptions.raspberryPi()).toConfig();

    assertNull(config.properties().get(Pi4jContexts.GPIO_CHIP_PROPERTY));
    assertFalse(config.autoDetectProviders());
    assertFalse(config.autoDetectPlatforms());
  }

  @Test
  void shouldRequireAGpioChipForAGenericBoard() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Pi4jBoardOptions(Pi4jBoardOptions.Board.GENERIC, null, -1, null));
    assertEquals(
        "gpioChipName is required for board GENERIC (e.g. gpiochip0 on a Jetson Orin)",
        e.getMessage());
  }

  @Test
  void shouldRejectANegativePwmChipOtherThanMinusOne() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Pi4jBoardOptions(Pi4jBoardOptions.Board.RASPBERRY_PI, null, -2, null));
  }

  @Test
  void shouldNotPickTheMockPluginOnTheTestClassPath() {
    // the mock plugin is on this test class path, and this machine is no Pi (so Pi4J's builder
    // would auto-detect mock plugins): the board context must still hold only real providers
    var context = Pi4jContexts.forBoard(Pi4jBoardOptions.raspberryPi());
    try {
      assertTrue(context.hasProvider("gpiod-digital-output"));
      assertFalse(context.hasProvider("mock-digital-output"));
      assertFalse(context.hasProvider("mock-i2c"));
      assertFalse(context.hasProvider("mock-pwm"));
    } finally {
      context.shutdown();
    }
  }

  @Test
  void shouldFindAPwmChipByNumberOrByItsPlatformDevice(@TempDir Path dir) throws Exception {
    Path platform = Files.createDirectories(dir.resolve("devices/3280000.pwm"));
    for (int n : new int[] {0, 4}) {
      Path chip = Files.createDirectories(dir.resolve("pwmchip" + n));
      Path target = n == 4 ? platform : Files.createDirectories(dir.resolve("devices/32e0000.pwm"));
      Files.createSymbolicLink(chip.resolve("device"), chip.relativize(target));
    }
    assertEquals(2, Pi4jContexts.pwmChipNumber(dir.toString(), "pwmchip2"));
    assertEquals(4, Pi4jContexts.pwmChipNumber(dir.toString(), "3280000.pwm"));
    assertEquals(0, Pi4jContexts.pwmChipNumber(dir.toString(), "32e0000.pwm"));
    var e =
        assertThrows(
            IllegalStateException.class,
            () -> Pi4jContexts.pwmChipNumber(dir.toString(), "32c0000.pwm"));
    assertTrue(
        e.getMessage().startsWith("PWM chip 32c0000.pwm not found under " + dir), e.getMessage());
  }

  @Test
  void shouldNameTheMissingGpioChipsBeforePi4jStarts(@TempDir Path dev) throws Exception {
    Pi4jPlantSpec encoder =
        new Pi4jPlantSpec(
            Pi4jBoardOptions.raspberryPi(),
            List.of(
                new Pi4jSensorSpec.Encoder("encoder.angle_rad", 23, 24, InputPull.OFF, 1200, 1, 0)),
            List.of());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Pi4jContexts.requireGpioChip(dev, encoder));
    assertEquals(
        "sensor 'encoder.angle_rad': no GPIO chip: "
            + dev.resolve("gpiochip*")
            + " does not exist (this machine has no GPIO controller, or the kernel lacks the GPIO"
            + " character device); run on the board, or use plant.backend sim or udp here",
        e.getMessage());

    Pi4jPlantSpec i2cOnly =
        new Pi4jPlantSpec(
            Pi4jBoardOptions.raspberryPi(),
            List.of(new Pi4jSensorSpec.As5600Angle("angle.rad", 1, 0x36, false, 1, 0)),
            List.of());
    Pi4jContexts.requireGpioChip(dev, i2cOnly); // I2C needs no gpiochip

    Files.createFile(dev.resolve("gpiochip0"));
    Pi4jContexts.requireGpioChip(dev, encoder);

    Pi4jPlantSpec jetson =
        new Pi4jPlantSpec(
            new Pi4jBoardOptions(Pi4jBoardOptions.Board.GENERIC, "gpiochip1", 0, null),
            encoder.sensors(),
            List.of());
    IllegalStateException named =
        assertThrows(IllegalStateException.class, () -> Pi4jContexts.requireGpioChip(dev, jetson));
    assertTrue(
        named
            .getMessage()
            .startsWith(
                "sensor 'encoder.angle_rad': GPIO chip "
                    + dev.resolve("gpiochip1")
                    + " does not exist"),
        named.getMessage());
  }
}
