package dev.reflex.plant.pi4j;

/**
 * Register-level AS5600 (ams datasheet v1-06): a magnet at a settable angle produces RAW ANGLE
 * (round(angle / 2 pi * 4096) mod 4096) and ANGLE (RAW ANGLE from ZPOS over the ZPOS..MPOS or MANG
 * range, scaled to 4096); STATUS shows MD/ML/MH from the magnet's presence and field strength.
 * Output and status registers are read-only; ZPOS, MPOS, MANG, CONF are read/write (12 or 14 bits).
 * Reads that start at the high byte of RAW ANGLE, ANGLE or MAGNITUDE stay on that register (high,
 * low, high...); elsewhere the pointer increments. Unused addresses read 0.
 */
final class As5600Emulation extends EmulatedI2cChip {

  /** Field strength seen by the AGC. */
  enum Field {
    GOOD,
    TOO_WEAK,
    TOO_STRONG
  }

  private final int[] config = new int[9]; // 0x00..0x08
  private double magnetAngleRad;
  private boolean magnetPresent = true;
  private Field field = Field.GOOD;

  void setMagnetAngleRad(double angleRad) {
    this.magnetAngleRad = angleRad;
  }

  void setMagnetPresent(boolean present) {
    this.magnetPresent = present;
  }

  void setField(Field field) {
    this.field = field;
  }

  int rawAngleCounts() {
    double turns = magnetAngleRad / (2 * Math.PI);
    return Math.floorMod(Math.round(turns * As5600.COUNTS), As5600.COUNTS);
  }

  int scaledAngleCounts() {
    int raw = rawAngleCounts();
    int zpos = twelveBits(0x01);
    int mpos = twelveBits(0x03);
    int mang = twelveBits(0x05);
    int range = mpos != 0 ? Math.floorMod(mpos - zpos, 4096) : mang != 0 ? mang : 4096;
    int fromZero = Math.floorMod(raw - zpos, 4096);
    if (range == 4096) {
      return fromZero;
    }
    return (int) Math.min(4095, Math.round(Math.min(fromZero, range) * 4096.0 / range));
  }

  private int twelveBits(int high) {
    return (config[high] & 0x0F) << 8 | config[high + 1];
  }

  @Override
  protected int readRegister(int register) {
    if (register <= 0x08) {
      return config[register];
    }
    int raw = magnetPresent ? rawAngleCounts() : 0;
    int scaled = magnetPresent ? scaledAngleCounts() : 0;
    return switch (register) {
      case 0x0B -> status();
      case 0x0C -> raw >> 8;
      case 0x0D -> raw & 0xFF;
      case 0x0E -> scaled >> 8;
      case 0x0F -> scaled & 0xFF;
      case 0x1A -> field == Field.TOO_WEAK ? 0xFF : field == Field.TOO_STRONG ? 0x00 : 0x80;
      case 0x1B -> magnetPresent ? 0x08 : 0;
      case 0x1C -> 0x00;
      default -> 0;
    };
  }

  private int status() {
    if (!magnetPresent) {
      return 0;
    }
    return As5600.STATUS_MD
        | (field == Field.TOO_WEAK ? As5600.STATUS_ML : 0)
        | (field == Field.TOO_STRONG ? As5600.STATUS_MH : 0);
  }

  @Override
  protected void writeRegister(int register, int value) {
    switch (register) {
      case 0x01, 0x03, 0x05 -> config[register] = value & 0x0F;
      case 0x02, 0x04, 0x06, 0x08 -> config[register] = value;
      case 0x07 -> config[register] = value & 0x3F;
      default -> {
        // ZMCO, outputs, status and unused addresses are read-only
      }
    }
  }

  @Override
  protected int nextPointer(int start, int pointer, boolean read) {
    boolean special = start == 0x0C || start == 0x0E || start == 0x1B;
    if (read && special) {
      return pointer == start ? start + 1 : start;
    }
    return pointer + 1;
  }
}
