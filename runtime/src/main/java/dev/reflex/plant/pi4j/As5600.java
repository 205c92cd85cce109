package dev.reflex.plant.pi4j;

import dev.reflex.plant.PlantStatus;

/**
 * ams AS5600: 12-bit contactless magnetic angle sensor on I2C (address 0x36).
 *
 * <p>Register map (datasheet v1-06, figure 21): ZPOS 0x01/0x02, MPOS 0x03/0x04, MANG 0x05/0x06,
 * CONF 0x07/0x08, STATUS 0x0B (bit 5 MD magnet detected, bit 4 ML too weak, bit 3 MH too strong),
 * RAW ANGLE 0x0C (bits 11:8) / 0x0D (7:0), ANGLE 0x0E/0x0F (RAW ANGLE scaled to the programmed
 * ZPOS..MPOS range), AGC 0x1A, MAGNITUDE 0x1B/0x1C. Reading from the high byte of ANGLE, RAW ANGLE
 * or MAGNITUDE does not advance the address pointer past the register, so a two-byte read returns
 * high then low.
 *
 * <p>A read takes two transfers: STATUS, then the two angle bytes. No magnet (MD = 0) is a failed
 * read. A weak or strong field (ML or MH) still returns the angle and is counted in {@link
 * #fieldWarnings}.
 *
 * <p>Real-time: {@link #read} is allocation-free in this class and never throws. Threading: control
 * thread.
 */
public final class As5600 {

  /** Fixed 7-bit address. */
  public static final int ADDRESS = 0x36;

  public static final int STATUS = 0x0B;
  public static final int RAW_ANGLE_H = 0x0C;
  public static final int ANGLE_H = 0x0E;
  public static final int STATUS_MD = 0x20;
  public static final int STATUS_ML = 0x10;
  public static final int STATUS_MH = 0x08;

  /** Counts per revolution. */
  public static final int COUNTS = 4096;

  private final I2cDevice device;
  private final int angleRegister;
  private final byte[] buffer = new byte[2];
  private double angleRad;
  private int counts;
  private int lastStatus;
  private long fieldWarnings;

  /**
   * @param useRawAngle true to read RAW ANGLE (ignores ZPOS/MPOS), false for ANGLE
   */
  public As5600(I2cDevice device, boolean useRawAngle) {
    this.device = device;
    this.angleRegister = useRawAngle ? RAW_ANGLE_H : ANGLE_H;
  }

  /**
   * Reads the angle.
   *
   * @return {@link PlantStatus#OK}, or {@link PlantStatus#FAILED} on an I2C error or with no magnet
   *     (the previous angle is kept)
   */
  public int read() {
    int status = device.readByte(STATUS);
    if (status < 0) {
      return PlantStatus.FAILED;
    }
    lastStatus = status;
    if ((status & STATUS_MD) == 0) {
      return PlantStatus.FAILED;
    }
    if ((status & (STATUS_ML | STATUS_MH)) != 0) {
      fieldWarnings++;
    }
    if (device.read(angleRegister, buffer, 0, 2) != I2cDevice.OK) {
      return PlantStatus.FAILED;
    }
    counts = ((buffer[0] & 0x0F) << 8) | (buffer[1] & 0xFF);
    angleRad = counts * (2 * Math.PI / COUNTS);
    return PlantStatus.OK;
  }

  /** The last good angle in radians, 0 .. 2 pi. */
  public double angleRad() {
    return angleRad;
  }

  /** The last good angle in counts, 0..4095. */
  public int counts() {
    return counts;
  }

  /** The last STATUS register read. */
  public int lastStatus() {
    return lastStatus;
  }

  /** Reads that saw the field too weak or too strong. */
  public long fieldWarnings() {
    return fieldWarnings;
  }
}
