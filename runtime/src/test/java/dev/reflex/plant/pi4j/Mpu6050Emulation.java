package dev.reflex.plant.pi4j;

/**
 * Register-level MPU-6050 (register map rev. 4.2): power-on PWR_MGMT_1 = 0x40 (asleep), WHO_AM_I
 * 0x68 (read-only), GYRO_CONFIG and ACCEL_CONFIG full-scale bits 4:3 setting the scale of the
 * outputs, data registers 0x3B..0x48 read-only and big-endian, sampled once per read transfer so a
 * burst is consistent, left at zero while asleep, and clipped at the 16-bit limits. The pointer
 * auto-increments. DEVICE_RESET (PWR_MGMT_1 bit 7) restores the power-on values.
 */
final class Mpu6050Emulation extends EmulatedI2cChip {

  private static final double[] GYRO_LSB_PER_DPS = {131.0, 65.5, 32.8, 16.4};

  private final int[] regs = new int[128];
  private final int[] words = new int[7];
  private final double[] accelMps2 = new double[3];
  private final double[] gyroRadPerSec = new double[3];
  private double temperatureC = 25.0;
  private final int[] sample = new int[14];

  Mpu6050Emulation() {
    reset();
  }

  private void reset() {
    java.util.Arrays.fill(regs, 0);
    regs[Mpu6050.PWR_MGMT_1] = 0x40;
    regs[Mpu6050.WHO_AM_I] = Mpu6050.WHO_AM_I_VALUE;
    java.util.Arrays.fill(sample, 0);
  }

  void setAccelMps2(double x, double y, double z) {
    accelMps2[0] = x;
    accelMps2[1] = y;
    accelMps2[2] = z;
  }

  void setGyroRadPerSec(double x, double y, double z) {
    gyroRadPerSec[0] = x;
    gyroRadPerSec[1] = y;
    gyroRadPerSec[2] = z;
  }

  void setTemperatureC(double celsius) {
    temperatureC = celsius;
  }

  boolean asleep() {
    return (regs[Mpu6050.PWR_MGMT_1] & 0x40) != 0;
  }

  /** The raw 16-bit output the chip produces for an axis at the current range. */
  int rawAccel(int axis) {
    double lsbPerG = 16384 >> ((regs[Mpu6050.ACCEL_CONFIG] >> 3) & 3);
    return clip16(Math.round(accelMps2[axis] / Mpu6050.STANDARD_GRAVITY * lsbPerG));
  }

  int rawGyro(int axis) {
    double lsbPerDps = GYRO_LSB_PER_DPS[(regs[Mpu6050.GYRO_CONFIG] >> 3) & 3];
    return clip16(Math.round(Math.toDegrees(gyroRadPerSec[axis]) * lsbPerDps));
  }

  int rawTemperature() {
    return clip16(Math.round((temperatureC - 36.53) * 340));
  }

  private static int clip16(long v) {
    return (int) Math.max(-32768, Math.min(32767, v));
  }

  @Override
  protected void beginTransfer(int register, boolean read) {
    if (!read || asleep()) {
      return; // sensor registers keep their last values (zero after reset)
    }
    for (int i = 0; i < 3; i++) {
      words[i] = rawAccel(i);
      words[4 + i] = rawGyro(i);
    }
    words[3] = rawTemperature();
    for (int i = 0; i < 7; i++) {
      sample[2 * i] = (words[i] >> 8) & 0xFF;
      sample[2 * i + 1] = words[i] & 0xFF;
    }
  }

  @Override
  protected int readRegister(int register) {
    if (register >= Mpu6050.ACCEL_XOUT_H && register <= 0x48) {
      return sample[register - Mpu6050.ACCEL_XOUT_H];
    }
    return register < regs.length ? regs[register] : 0;
  }

  @Override
  protected void writeRegister(int register, int value) {
    if (register == Mpu6050.PWR_MGMT_1 && (value & 0x80) != 0) {
      reset();
      return;
    }
    boolean readOnly =
        register == Mpu6050.WHO_AM_I
            || (register >= Mpu6050.ACCEL_XOUT_H && register <= 0x60)
            || register >= regs.length;
    if (!readOnly) {
      regs[register] = value;
    }
  }

  @Override
  protected int nextPointer(int start, int pointer, boolean read) {
    return pointer + 1;
  }
}
