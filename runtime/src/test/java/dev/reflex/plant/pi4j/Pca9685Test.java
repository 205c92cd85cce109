package dev.reflex.plant.pi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reflex.plant.PlantStatus;
import dev.reflex.testing.Allocations;
import org.junit.jupiter.api.Test;

class Pca9685Test {

  private static final double OSC = Pca9685.INTERNAL_OSCILLATOR_HZ;

  @Test
  void shouldEndWithTheDatasheetRegistersForFiftyHertzAndFifteenHundredMicroseconds() {
    Pca9685Emulation chip = new Pca9685Emulation(OSC);
    Pca9685 driver = new Pca9685(chip, 50, OSC);

    assertEquals(PlantStatus.OK, driver.setPulseUs(0, 1500));

    // PRE_SCALE = round(25 MHz / (4096 * 50 Hz)) - 1 = round(122.07) - 1 = 121 = 0x79
    assertEquals(0x79, chip.register(Pca9685.PRE_SCALE));
    // MODE1: awake, auto-increment, ALLCALL kept from its power-on value
    assertEquals(Pca9685.MODE1_AI | Pca9685.MODE1_ALLCALL, chip.register(Pca9685.MODE1));
    assertEquals(Pca9685.MODE2_OUTDRV, chip.register(Pca9685.MODE2));
    // ON = 0, OFF = round(1500 us / (20 ms / 4096)) = 307 = 0x133 at the prescaled 50.03 Hz
    assertEquals(0x00, chip.register(0x06));
    assertEquals(0x00, chip.register(0x07));
    assertEquals(0x33, chip.register(0x08));
    assertEquals(0x01, chip.register(0x09));
    assertEquals(1500.0, chip.pulseUs(0), 1e6 / chip.frequencyHz() / 4096);
  }

  @Test
  void shouldComputeThePrescaleOfTheDatasheetExample() {
    assertEquals(30, Pca9685.prescaleFor(200, OSC)); // datasheet 7.3.5: 200 Hz -> 1Eh
    assertEquals(3, Pca9685.prescaleFor(1526, OSC));
    assertEquals(253, Pca9685.prescaleFor(24, OSC));
    assertEquals(255, Pca9685.prescaleFor(23.85, OSC));
    assertThrows(IllegalArgumentException.class, () -> Pca9685.prescaleFor(2000, OSC));
    assertThrows(IllegalArgumentException.class, () -> Pca9685.prescaleFor(10, OSC));
  }

  @Test
  void shouldChangeFrequencyOfARunningChipBySleepingFirst() {
    Pca9685Emulation chip = new Pca9685Emulation(OSC);
    new Pca9685(chip, 50, OSC).setDuty(3, 0.5);
    Pca9685 again = new Pca9685(chip, 200, OSC);

    assertEquals(30, chip.register(Pca9685.PRE_SCALE));
    assertEquals(25e6 / (4096 * 31), again.frequencyHz(), 1e-9); // 196.9 Hz
    assertEquals(0.0, chip.dutyFraction(3)); // set-up leaves every channel full off
  }

  @Test
  void shouldWriteFullOffForZeroAndFullOnForOne() {
    Pca9685Emulation chip = new Pca9685Emulation(OSC);
    Pca9685 driver = new Pca9685(chip, 1000, OSC);

    driver.setDuty(5, 1.0);
    assertEquals(Pca9685.FULL_BIT, chip.register(0x06 + 4 * 5 + 1));
    assertEquals(1.0, chip.dutyFraction(5));

    driver.setDuty(5, 0.25);
    assertEquals(0.25, chip.dutyFraction(5));

    driver.setDuty(5, 0.0);
    assertEquals(Pca9685.FULL_BIT, chip.register(0x06 + 4 * 5 + 3));
    assertEquals(0.0, chip.dutyFraction(5));

    driver.setDuty(5, Double.NaN);
    assertEquals(0.0, chip.dutyFraction(5));
  }

  @Test
  void shouldPutChannelsInTheirSafeFullOffState() {
    Pca9685Emulation chip = new Pca9685Emulation(OSC);
    Pca9685 driver = new Pca9685(chip, 50, OSC);
    for (int ch = 0; ch < 16; ch++) {
      driver.setPulseUs(ch, 1000 + 50 * ch);
    }

    assertEquals(PlantStatus.OK, driver.fullOff(2));
    assertEquals(0.0, chip.pulseUs(2));
    assertEquals(1150.0, chip.pulseUs(3), 5.0);

    assertEquals(PlantStatus.OK, driver.allOff());
    for (int ch = 0; ch < 16; ch++) {
      assertEquals(0.0, chip.pulseUs(ch), "channel " + ch);
    }
  }

  @Test
  void shouldReportFailureWhenTheBusFails() {
    Pca9685Emulation chip = new Pca9685Emulation(OSC);
    Pca9685 driver = new Pca9685(chip, 50, OSC);
    chip.setFailing(true);

    assertEquals(PlantStatus.FAILED, driver.setPulseUs(0, 1500));
    assertEquals(PlantStatus.FAILED, driver.fullOff(0));
    assertEquals(PlantStatus.FAILED, driver.setDuty(16, 0.5));
  }

  @Test
  void shouldFailFastWhenTheChipIsAbsent() {
    Pca9685Emulation chip = new Pca9685Emulation(OSC);
    chip.setFailing(true);

    assertThrows(IllegalStateException.class, () -> new Pca9685(chip, 50, OSC));
  }

  @Test
  void shouldNotAllocateWhenSettingPulses() {
    Pca9685 driver = new Pca9685(new Pca9685Emulation(OSC), 50, OSC);
    double[] pulse = {1000};

    Allocations.assertNoAllocationPerCall(
        () -> {
          pulse[0] = pulse[0] >= 2000 ? 1000 : pulse[0] + 1;
          driver.setPulseUs((int) pulse[0] & 15, pulse[0]);
          driver.fullOff(1);
        });
  }
}
