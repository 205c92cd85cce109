package dev.reflex.plant.pi4j;

/**
 * Opens the chip at an address on a bus: {@link FfmI2cDevice} or Pi4J's I2C on a board, chip
 * emulations in tests.
 */
@FunctionalInterface
public interface I2cDeviceOpener {

  /**
   * @param bus the {@code /dev/i2c-N} number
   * @param address the 7-bit address
   */
  I2cDevice open(int bus, int address);
}
