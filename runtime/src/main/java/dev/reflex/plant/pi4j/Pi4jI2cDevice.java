package dev.reflex.plant.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CConfig;

/**
 * {@link I2cDevice} on Pi4J's I2C: the thin adapter between the chip drivers and the board.
 *
 * <p>Real-time: no allocation in this class; Pi4J's linuxfs I2C provider allocates inside every
 * transfer (it builds the {@code I2C_RDWR} message in fresh byte arrays and NIO buffers, and boxes
 * through a lambda), see docs/hardware.md. Exceptions from Pi4J are caught and returned as {@link
 * #FAILED}. Threading: Pi4J serialises transfers on one bus with its own lock.
 */
public final class Pi4jI2cDevice implements I2cDevice {

  private final I2C i2c;

  /**
   * Wraps an open Pi4J I2C device.
   *
   * @param i2c the device. Owned: closed by {@link #close}.
   */
  public Pi4jI2cDevice(I2C i2c) {
    this.i2c = i2c;
  }

  /**
   * Opens the chip at {@code address} on {@code /dev/i2c-<bus>} through the context's default I2C
   * provider (linuxfs on a board).
   *
   * @throws IllegalArgumentException if the bus or address is out of range
   */
  public static Pi4jI2cDevice open(Context context, int bus, int address) {
    if (bus < 0) {
      throw new IllegalArgumentException("i2c bus " + bus + " out of range: allowed 0 or more");
    }
    if (address < 0x03 || address > 0x77) {
      throw new IllegalArgumentException(
          "i2c address 0x" + Integer.toHexString(address) + " out of range: allowed 0x03..0x77");
    }
    I2CConfig config =
        I2C.newConfigBuilder(context)
            .id("i2c-" + bus + "-0x" + Integer.toHexString(address))
            .bus(bus)
            .device(address)
            .build();
    return new Pi4jI2cDevice(context.create(config));
  }

  @Override
  public int read(int register, byte[] bufferOut, int offset, int length) {
    try {
      int n = i2c.readRegister(register, bufferOut, offset, length);
      return n < 0 ? FAILED : OK;
    } catch (RuntimeException e) {
      return FAILED;
    }
  }

  @Override
  public int write(int register, byte[] buffer, int offset, int length) {
    try {
      int n = i2c.writeRegister(register, buffer, offset, length);
      return n < 0 ? FAILED : OK;
    } catch (RuntimeException e) {
      return FAILED;
    }
  }

  @Override
  public int readByte(int register) {
    try {
      // Pi4J reports failures by exception; the value may come back sign-extended
      return i2c.readRegister(register) & 0xFF;
    } catch (RuntimeException e) {
      return FAILED;
    }
  }

  @Override
  public int writeByte(int register, int value) {
    try {
      int n = i2c.writeRegister(register, (byte) value);
      return n < 0 ? FAILED : OK;
    } catch (RuntimeException e) {
      return FAILED;
    }
  }

  @Override
  public void close() {
    try {
      i2c.close();
    } catch (RuntimeException e) {
      // closing a device that is already gone: nothing left to release
    }
  }
}
