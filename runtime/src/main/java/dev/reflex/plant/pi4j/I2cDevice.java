package dev.reflex.plant.pi4j;

/**
 * One chip on an I2C bus, seen as registers: the narrow boundary every chip driver talks through.
 * The board implementations are {@link FfmI2cDevice} ({@code ioctl(I2C_RDWR)} through FFM,
 * allocation-free; the default) and {@link Pi4jI2cDevice} (Pi4J's I2C), chosen by the board
 * profile's {@code i2c_transport}; tests plug in register-level emulations of the chips behind the
 * same interface.
 *
 * <p>A transfer writes the register address (the chip's address pointer) and then reads or writes
 * {@code length} bytes; whether the chip advances its pointer between bytes (auto-increment) is the
 * chip's business, as on the wire. Failures are return values, never exceptions.
 *
 * <p>Real-time: implementations do not throw from the transfer methods. Threading: one thread at a
 * time per device, unless the implementation says otherwise.
 */
public interface I2cDevice extends AutoCloseable {

  /** Returned by a transfer that completed. */
  int OK = 0;

  /** Returned by a transfer that failed (NACK, bus error, device gone). */
  int FAILED = -1;

  /**
   * Reads {@code length} bytes starting at {@code register}.
   *
   * @param register the register address written to the chip's address pointer, 0..255
   * @param bufferOut receives the bytes. Modified.
   * @param offset first index written in {@code bufferOut}
   * @param length number of bytes to read, at least 1
   * @return {@link #OK} or {@link #FAILED}
   */
  int read(int register, byte[] bufferOut, int offset, int length);

  /**
   * Writes {@code length} bytes starting at {@code register}.
   *
   * @param register the register address written to the chip's address pointer, 0..255
   * @param buffer the bytes. Not modified.
   * @param offset first index read from {@code buffer}
   * @param length number of bytes to write, at least 1
   * @return {@link #OK} or {@link #FAILED}
   */
  int write(int register, byte[] buffer, int offset, int length);

  /**
   * Reads one register.
   *
   * @return the register's value 0..255, or {@link #FAILED}
   */
  int readByte(int register);

  /**
   * Writes one register.
   *
   * @param value the low 8 bits are written
   * @return {@link #OK} or {@link #FAILED}
   */
  int writeByte(int register, int value);

  /** Releases the device. */
  @Override
  void close();
}
