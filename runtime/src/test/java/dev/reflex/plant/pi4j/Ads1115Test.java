package dev.reflex.plant.pi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.plant.PlantStatus;
import dev.reflex.plant.pi4j.Ads1115.DataRate;
import dev.reflex.plant.pi4j.Ads1115.Input;
import dev.reflex.plant.pi4j.Ads1115.Pga;
import dev.reflex.testing.Allocations;
import org.junit.jupiter.api.Test;

class Ads1115Test {

  @Test
  void shouldBuildTheDatasheetDefaultConfigWord() {
    Ads1115 adc = new Ads1115(new Ads1115Emulation(), Pga.FS_2_048V, DataRate.SPS_128);

    // reset value 0x8583: OS, AIN0-AIN1, 2.048 V, single shot, 128 SPS, comparator off
    assertEquals(0x8583, adc.configWord(Input.AIN0_AIN1, true));
    assertEquals(0x4483, adc.configWord(Input.AIN0, false)); // AIN0-GND, continuous
  }

  @Test
  void shouldConvertOnePointTwoThreeFourVoltsAtEveryPga() {
    for (Pga pga : Pga.values()) {
      Ads1115Emulation chip = new Ads1115Emulation();
      chip.setInputV(0, 1.234);
      Ads1115 adc = new Ads1115(chip, pga, DataRate.SPS_860);

      assertEquals(PlantStatus.OK, adc.readSingleShot(Input.AIN0, 10), pga.name());

      double lsbV = pga.fullScaleV / 32768;
      if (1.234 < pga.fullScaleV) {
        assertEquals(1.234, adc.volts(), lsbV / 2 + 1e-12, pga.name());
        assertFalse(adc.saturated(), pga.name());
      } else {
        assertTrue(adc.saturated(), pga.name());
        assertEquals(pga.fullScaleV - lsbV, adc.volts(), 1e-12, pga.name());
      }
    }
  }

  @Test
  void shouldPollUntilTheConversionIsReady() {
    Ads1115Emulation chip = new Ads1115Emulation();
    chip.setBusyPollsPerConversion(3);
    chip.setInputV(2, 0.5);
    Ads1115 adc = new Ads1115(chip, Pga.FS_4_096V, DataRate.SPS_128);

    assertEquals(PlantStatus.OK, adc.startSingleShot(Input.AIN2));
    assertEquals(0, adc.pollReady());
    assertEquals(0, adc.pollReady());
    assertEquals(0, adc.pollReady());
    assertEquals(1, adc.pollReady());
    assertEquals(PlantStatus.OK, adc.readConversion());

    assertEquals(Math.round(0.5 / (4.096 / 32768)), adc.rawCounts());
  }

  @Test
  void shouldGiveUpWhenTheConversionNeverFinishes() {
    Ads1115Emulation chip = new Ads1115Emulation();
    chip.setBusyPollsPerConversion(100);
    Ads1115 adc = new Ads1115(chip, Pga.FS_4_096V, DataRate.SPS_8);

    assertEquals(PlantStatus.FAILED, adc.readSingleShot(Input.AIN0, 5));
  }

  @Test
  void shouldFollowTheInputInContinuousMode() {
    Ads1115Emulation chip = new Ads1115Emulation();
    Ads1115 adc = new Ads1115(chip, Pga.FS_2_048V, DataRate.SPS_860);
    assertEquals(PlantStatus.OK, adc.startContinuous(Input.AIN3));

    chip.setInputV(3, 0.25);
    adc.readConversion();
    assertEquals(0.25, adc.volts(), 2.048 / 65536);

    chip.setInputV(3, 1.75);
    adc.readConversion();
    assertEquals(1.75, adc.volts(), 2.048 / 65536);
  }

  @Test
  void shouldReadANegativeDifferentialInput() {
    Ads1115Emulation chip = new Ads1115Emulation();
    chip.setInputV(0, 1.0);
    chip.setInputV(1, 1.5);
    Ads1115 adc = new Ads1115(chip, Pga.FS_1_024V, DataRate.SPS_250);

    adc.readSingleShot(Input.AIN0_AIN1, 10);

    assertEquals(-0.5, adc.volts(), 1.024 / 65536);
    assertTrue(adc.rawCounts() < 0);
  }

  @Test
  void shouldFailOnABusError() {
    Ads1115Emulation chip = new Ads1115Emulation();
    Ads1115 adc = new Ads1115(chip, Pga.FS_2_048V, DataRate.SPS_860);
    chip.setFailing(true);

    assertEquals(PlantStatus.FAILED, adc.readSingleShot(Input.AIN0, 10));
    assertEquals(-1, adc.pollReady());
    assertEquals(PlantStatus.FAILED, adc.readConversion());
  }

  @Test
  void shouldNotAllocateInSingleShotOrContinuousReads() {
    Ads1115Emulation chip = new Ads1115Emulation();
    chip.setInputV(1, 0.7);
    Ads1115 adc = new Ads1115(chip, Pga.FS_2_048V, DataRate.SPS_860);

    Allocations.assertNoAllocationPerCall(
        () -> {
          adc.readSingleShot(Input.AIN1, 10);
          adc.startContinuous(Input.AIN1);
          adc.readConversion();
        });
  }
}
