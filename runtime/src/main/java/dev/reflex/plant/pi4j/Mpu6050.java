package dev.reflex.plant.pi4j;

import dev.reflex.plant.PlantStatus;

/**
 * InvenSense MPU-6050: 3-axis gyroscope, 3-axis accelerometer and temperature on I2C.
 *
 * <p>Register map (RM-MPU-6000A-00 rev. 4.2): CONFIG 0x1A (DLPF_CFG 2:0), GYRO_CONFIG 0x1B (FS_SEL
 * 4:3: 250/500/1000/2000 deg/s = 131/65.5/32.8/16.4 LSB per deg/s), ACCEL_CONFIG 0x1C (AFS_SEL 4:3:
 * 2/4/8/16 g = 16384/8192/4096/2048 LSB per g), ACCEL_XOUT_H 0x3B .. GYRO_ZOUT_L 0x48 (14 bytes,
 * big-endian signed: accel X Y Z, temperature, gyro X Y Z), PWR_MGMT_1 0x6B (reset value 0x40:
 * SLEEP; 0x01 wakes with the X-gyro PLL clock), WHO_AM_I 0x75 = 0x68. Temperature in deg C = raw /
 * 340 + 36.53.
 *
 * <p>Real-time: {@link #read} is one 14-byte burst, allocation-free in this class, never throws.
 * Threading: control thread.
 */
public final class Mpu6050 {

  /** 7-bit address with AD0 low; 0x69 with AD0 high. */
  public static final int DEFAULT_ADDRESS = 0x68;

  public static final int CONFIG = 0x1A;
  public static final int GYRO_CONFIG = 0x1B;
  public static final int ACCEL_CONFIG = 0x1C;
  public static final int ACCEL_XOUT_H = 0x3B;
  public static final int PWR_MGMT_1 = 0x6B;
  public static final int WHO_AM_I = 0x75;
  public static final int WHO_AM_I_VALUE = 0x68;
  public static final int PWR_MGMT_1_CLKSEL_PLL_X = 0x01;

  /** Standard gravity, m/s^2 per g. */
  public static final double STANDARD_GRAVITY = 9.80665;

  /** Gyroscope full-scale ranges (FS_SEL 0..3). */
  public enum GyroRange {
    DPS_250(131.0),
    DPS_500(65.5),
    DPS_1000(32.8),
    DPS_2000(16.4);

    /** Sensitivity in LSB per deg/s. */
    public final double lsbPerDps;

    GyroRange(double lsbPerDps) {
      this.lsbPerDps = lsbPerDps;
    }
  }

  /** Accelerometer full-scale ranges (AFS_SEL 0..3). */
  public enum AccelRange {
    G_2(16384),
    G_4(8192),
    G_8(4096),
    G_16(2048);

    /** Sensitivity in LSB per g. */
    public final double lsbPerG;

    AccelRange(double lsbPerG) {
      this.lsbPerG = lsbPerG;
    }
  }

  /** One measured quantity, for per-axis sensor channels. */
  public enum Axis {
    ACCEL_X,
    ACCEL_Y,
    ACCEL_Z,
    TEMPERATURE,
    GYRO_X,
    GYRO_Y,
    GYRO_Z
  }

  private final I2cDevice device;
  private final double accelMps2PerLsb;
  private final double gyroRadPerSecPerLsb;
  private final byte[] burst = new byte[14];
  private final double[] values = new double[7]; // indexed by Axis.ordinal()

  /**
   * Checks WHO_AM_I, wakes the chip and sets the ranges and the low-pass filter.
   *
   * @param dlpfConfig DLPF_CFG 0..6 (0 = 260 Hz accel bandwidth, 6 = 5 Hz)
   * @throws IllegalStateException if the chip is absent, is not an MPU-6050, or does not keep the
   *     settings
   */
  public Mpu6050(I2cDevice device, GyroRange gyroRange, AccelRange accelRange, int dlpfConfig) {
    if (dlpfConfig < 0 || dlpfConfig > 6) {
      throw new IllegalArgumentException(
          "MPU-6050 dlpfConfig " + dlpfConfig + " out of range: allowed 0..6");
    }
    this.device = device;
    int who = device.readByte(WHO_AM_I);
    if (who != WHO_AM_I_VALUE) {
      throw new IllegalStateException(
          who < 0
              ? "MPU-6050 does not answer (WHO_AM_I read failed)"
              : "MPU-6050 WHO_AM_I reads 0x" + Integer.toHexString(who) + ", expected 0x68");
    }
    writeChecked(PWR_MGMT_1, PWR_MGMT_1_CLKSEL_PLL_X);
    writeChecked(CONFIG, dlpfConfig);
    writeChecked(GYRO_CONFIG, gyroRange.ordinal() << 3);
    writeChecked(ACCEL_CONFIG, accelRange.ordinal() << 3);
    this.accelMps2PerLsb = STANDARD_GRAVITY / accelRange.lsbPerG;
    this.gyroRadPerSecPerLsb = Math.toRadians(1.0) / gyroRange.lsbPerDps;
  }

  /**
   * Reads accelerations, temperature and rates in one burst from ACCEL_XOUT_H.
   *
   * @return {@link PlantStatus#OK} or {@link PlantStatus#FAILED} (previous values kept)
   */
  public int read() {
    if (device.read(ACCEL_XOUT_H, burst, 0, 14) != I2cDevice.OK) {
      return PlantStatus.FAILED;
    }
    for (int i = 0; i < 7; i++) {
      int raw = (short) (((burst[2 * i] & 0xFF) << 8) | (burst[2 * i + 1] & 0xFF));
      values[i] =
          i < 3 ? raw * accelMps2PerLsb : i == 3 ? raw / 340.0 + 36.53 : raw * gyroRadPerSecPerLsb;
    }
    return PlantStatus.OK;
  }

  /**
   * The last value of one quantity: m/s^2 for accelerations, rad/s for rates, deg C for the
   * temperature.
   */
  public double value(Axis axis) {
    return values[axis.ordinal()];
  }

  private void writeChecked(int register, int value) {
    if (device.writeByte(register, value) != I2cDevice.OK) {
      throw new IllegalStateException(
          "MPU-6050 write of register 0x" + Integer.toHexString(register) + " failed");
    }
    int readBack = device.readByte(register);
    if (readBack != value) {
      throw new IllegalStateException(
          "MPU-6050 register 0x"
              + Integer.toHexString(register)
              + " reads "
              + readBack
              + " after writing "
              + value);
    }
  }
}
