package dev.reflex.plant.pi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.plant.PlantStatus;
import dev.reflex.testing.Allocations;
import java.util.Random;
import org.junit.jupiter.api.Test;

class As5600Test {

  private static final double COUNT_RAD = 2 * Math.PI / 4096;

  @Test
  void shouldReturnTheMagnetAngleToTwelveBitQuantisation() {
    As5600Emulation chip = new As5600Emulation();
    As5600 sensor = new As5600(chip, false);
    Random random = new Random(42);

    for (int i = 0; i < 1000; i++) {
      double angle = random.nextDouble() * 2 * Math.PI;
      chip.setMagnetAngleRad(angle);
      assertEquals(PlantStatus.OK, sensor.read());
      double error = Math.IEEEremainder(sensor.angleRad() - angle, 2 * Math.PI);
      assertTrue(Math.abs(error) <= COUNT_RAD / 2 + 1e-12, "angle " + angle + " error " + error);
    }
  }

  @Test
  void shouldReadAnglesAroundTheWholeTurn() {
    As5600Emulation chip = new As5600Emulation();
    As5600 sensor = new As5600(chip, true);

    chip.setMagnetAngleRad(-Math.PI / 2); // three quarters of a turn
    sensor.read();
    assertEquals(3072, sensor.counts());
    assertEquals(1.5 * Math.PI, sensor.angleRad(), 1e-12);

    chip.setMagnetAngleRad(2 * Math.PI - COUNT_RAD);
    sensor.read();
    assertEquals(4095, sensor.counts());
  }

  @Test
  void shouldReportAMissingMagnetAsAFailedRead() {
    As5600Emulation chip = new As5600Emulation();
    As5600 sensor = new As5600(chip, false);
    chip.setMagnetAngleRad(1.0);
    sensor.read();

    chip.setMagnetPresent(false);
    chip.setMagnetAngleRad(2.0);

    assertEquals(PlantStatus.FAILED, sensor.read());
    assertEquals(0, sensor.lastStatus() & As5600.STATUS_MD);
    assertEquals(1.0, sensor.angleRad(), COUNT_RAD); // the last good angle is kept
  }

  @Test
  void shouldCountAWeakOrStrongFieldButStillRead() {
    As5600Emulation chip = new As5600Emulation();
    As5600 sensor = new As5600(chip, false);
    chip.setMagnetAngleRad(0.5);

    chip.setField(As5600Emulation.Field.TOO_WEAK);
    assertEquals(PlantStatus.OK, sensor.read());
    chip.setField(As5600Emulation.Field.TOO_STRONG);
    assertEquals(PlantStatus.OK, sensor.read());
    chip.setField(As5600Emulation.Field.GOOD);
    assertEquals(PlantStatus.OK, sensor.read());

    assertEquals(2, sensor.fieldWarnings());
    assertEquals(0.5, sensor.angleRad(), COUNT_RAD);
  }

  @Test
  void shouldReadAngleFromTheProgrammedZeroAndRawAngleWithout() {
    As5600Emulation chip = new As5600Emulation();
    chip.writeByte(0x01, 0x04); // ZPOS = 0x400 = a quarter turn
    chip.writeByte(0x02, 0x00);
    chip.setMagnetAngleRad(Math.PI); // 2048 counts raw

    As5600 scaled = new As5600(chip, false);
    As5600 raw = new As5600(chip, true);
    scaled.read();
    raw.read();

    assertEquals(1024, scaled.counts());
    assertEquals(2048, raw.counts());
  }

  @Test
  void shouldFailOnABusError() {
    As5600Emulation chip = new As5600Emulation();
    As5600 sensor = new As5600(chip, false);
    chip.setFailing(true);

    assertEquals(PlantStatus.FAILED, sensor.read());
  }

  @Test
  void shouldNotAllocateWhenReading() {
    As5600Emulation chip = new As5600Emulation();
    As5600 sensor = new As5600(chip, false);
    chip.setMagnetAngleRad(1.0);

    Allocations.assertNoAllocationPerCall(sensor::read);
  }
}
