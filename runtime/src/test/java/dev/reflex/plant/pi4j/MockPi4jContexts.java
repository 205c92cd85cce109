package dev.reflex.plant.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.linuxfs.provider.pwm.LinuxFsPwmProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;

/**
 * The test counterpart of {@link Pi4jContexts}: a context whose digital pins and I2C come from
 * Pi4J's mock plugin, and whose hardware PWM is Pi4J's real linuxfs provider pointed at a {@link
 * FakePwmSysfs} directory. No auto-detection, so nothing on the test class path is picked by
 * chance.
 */
final class MockPi4jContexts {

  private MockPi4jContexts() {}

  /** A mock-pin context with PWM through {@code pwmSysfs} (chip {@code pwmChip}). */
  static Context create(FakePwmSysfs pwmSysfs, int pwmChip) {
    return Pi4J.newContextBuilder()
        .noAutoDetect()
        .add(
            MockDigitalInputProvider.newInstance(),
            MockDigitalOutputProvider.newInstance(),
            MockI2CProvider.newInstance(),
            LinuxFsPwmProvider.newInstance(pwmSysfs.root().toString(), pwmChip))
        .build();
  }

  /** A mock-pin context without PWM. */
  static Context pinsOnly() {
    return Pi4J.newContextBuilder()
        .noAutoDetect()
        .add(
            MockDigitalInputProvider.newInstance(),
            MockDigitalOutputProvider.newInstance(),
            MockI2CProvider.newInstance())
        .build();
  }
}
