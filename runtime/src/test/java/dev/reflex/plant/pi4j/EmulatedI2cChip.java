package dev.reflex.plant.pi4j;

/**
 * Base of the register-level chip emulations: the I2C side (address pointer, multi-byte transfers,
 * injected bus failures) over single-register semantics that each chip defines from its datasheet.
 */
abstract class EmulatedI2cChip implements I2cDevice {

  private boolean failing;
  private int transfers;

  /** Makes every transfer fail (chip unplugged, bus stuck) until called with false. */
  void setFailing(boolean failing) {
    this.failing = failing;
  }

  /** Transfers attempted so far. */
  int transfers() {
    return transfers;
  }

  /**
   * Called at the start of every transfer, after the register address is written (e.g. to latch a
   * consistent sample for a read).
   */
  protected void beginTransfer(int register, boolean read) {}

  /** The value of one register as read over the wire. */
  protected abstract int readRegister(int register);

  /** One byte written over the wire to {@code register}. */
  protected abstract void writeRegister(int register, int value);

  /** The pointer after a byte at {@code pointer} in a transfer that started at {@code start}. */
  protected abstract int nextPointer(int start, int pointer, boolean read);

  @Override
  public final int read(int register, byte[] bufferOut, int offset, int length) {
    transfers++;
    if (failing) {
      return FAILED;
    }
    beginTransfer(register & 0xFF, true);
    int pointer = register & 0xFF;
    for (int i = 0; i < length; i++) {
      bufferOut[offset + i] = (byte) readRegister(pointer);
      pointer = nextPointer(register, pointer, true) & 0xFF;
    }
    return OK;
  }

  @Override
  public final int write(int register, byte[] buffer, int offset, int length) {
    transfers++;
    if (failing) {
      return FAILED;
    }
    beginTransfer(register & 0xFF, false);
    int pointer = register & 0xFF;
    for (int i = 0; i < length; i++) {
      writeRegister(pointer, buffer[offset + i] & 0xFF);
      pointer = nextPointer(register, pointer, false) & 0xFF;
    }
    return OK;
  }

  @Override
  public final int readByte(int register) {
    transfers++;
    if (failing) {
      return FAILED;
    }
    beginTransfer(register & 0xFF, true);
    return readRegister(register & 0xFF) & 0xFF;
  }

  @Override
  public final int writeByte(int register, int value) {
    transfers++;
    if (failing) {
      return FAILED;
    }
    beginTransfer(register & 0xFF, false);
    writeRegister(register & 0xFF, value & 0xFF);
    return OK;
  }

  @Override
  public void close() {}
}
