package dev.reflex.plant.pi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.plant.PlantStatus;
import dev.reflex.plant.pi4j.Mpu6050.AccelRange;
import dev.reflex.plant.pi4j.Mpu6050.Axis;
import dev.reflex.plant.pi4j.Mpu6050.GyroRange;
import dev.reflex.testing.Allocations;
import org.junit.jupiter.api.Test;

class Mpu6050Test {

  private static final double G = Mpu6050.STANDARD_GRAVITY;

  @Test
  void shouldWakeTheChipAndSetTheRanges() {
    Mpu6050Emulation chip = new Mpu6050Emulation();
    assertTrue(chip.asleep());

    new Mpu6050(chip, GyroRange.DPS_500, AccelRange.G_8, 3);

    assertFalse(chip.asleep());
    assertEquals(0x08, chip.readByte(Mpu6050.GYRO_CONFIG));
    assertEquals(0x10, chip.readByte(Mpu6050.ACCEL_CONFIG));
    assertEquals(3, chip.readByte(Mpu6050.CONFIG));
  }

  @Test
  void shouldRejectAChipThatIsNotAnMpu6050() {
    Pca9685Emulation other = new Pca9685Emulation(25e6); // reads 0 at 0x75

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> new Mpu6050(other, GyroRange.DPS_250, AccelRange.G_2, 0));
    assertTrue(e.getMessage().contains("WHO_AM_I reads 0x0"), e.getMessage());
  }

  @Test
  void shouldScaleRawValuesToSiUnitsAtEveryRange() {
    for (GyroRange gyro : GyroRange.values()) {
      for (AccelRange accel : AccelRange.values()) {
        Mpu6050Emulation chip = new Mpu6050Emulation();
        Mpu6050 imu = new Mpu6050(chip, gyro, accel, 0);
        chip.setAccelMps2(0.3 * G, -0.9 * G, 1.7 * G);
        chip.setGyroRadPerSec(1.2, -3.0, 0.05);
        chip.setTemperatureC(41.25);

        assertEquals(PlantStatus.OK, imu.read());

        double accelLsb = G / accel.lsbPerG;
        double gyroLsb = Math.toRadians(1) / gyro.lsbPerDps;
        String at = gyro + "/" + accel;
        assertEquals(chip.rawAccel(0) * accelLsb, imu.value(Axis.ACCEL_X), 1e-12, at);
        assertEquals(0.3 * G, imu.value(Axis.ACCEL_X), accelLsb / 2 + 1e-9, at);
        assertEquals(-0.9 * G, imu.value(Axis.ACCEL_Y), accelLsb / 2 + 1e-9, at);
        assertEquals(1.7 * G, imu.value(Axis.ACCEL_Z), accelLsb / 2 + 1e-9, at);
        assertEquals(chip.rawGyro(1) * gyroLsb, imu.value(Axis.GYRO_Y), 1e-12, at);
        assertEquals(1.2, imu.value(Axis.GYRO_X), gyroLsb / 2 + 1e-9, at);
        assertEquals(-3.0, imu.value(Axis.GYRO_Y), gyroLsb / 2 + 1e-9, at);
        assertEquals(0.05, imu.value(Axis.GYRO_Z), gyroLsb / 2 + 1e-9, at);
        assertEquals(41.25, imu.value(Axis.TEMPERATURE), 0.5 / 340 + 1e-9, at);
      }
    }
  }

  @Test
  void shouldReadTheRailWhenTheInputExceedsTheRange() {
    Mpu6050Emulation chip = new Mpu6050Emulation();
    Mpu6050 imu = new Mpu6050(chip, GyroRange.DPS_250, AccelRange.G_2, 0);
    chip.setAccelMps2(5 * G, 0, 0);

    imu.read();

    assertEquals(32767 * G / 16384, imu.value(Axis.ACCEL_X), 1e-12);
  }

  @Test
  void shouldFailAndKeepValuesWhenTheBusFails() {
    Mpu6050Emulation chip = new Mpu6050Emulation();
    Mpu6050 imu = new Mpu6050(chip, GyroRange.DPS_250, AccelRange.G_2, 0);
    chip.setAccelMps2(0, 0, G);
    imu.read();
    chip.setFailing(true);
    chip.setAccelMps2(0, 0, -G);

    assertEquals(PlantStatus.FAILED, imu.read());
    assertEquals(G, imu.value(Axis.ACCEL_Z), G / 16384);
  }

  @Test
  void shouldNotAllocateWhenReading() {
    Mpu6050Emulation chip = new Mpu6050Emulation();
    Mpu6050 imu = new Mpu6050(chip, GyroRange.DPS_250, AccelRange.G_2, 0);
    chip.setGyroRadPerSec(0.1, 0.2, 0.3);

    Allocations.assertNoAllocationPerCall(imu::read);
  }
}
