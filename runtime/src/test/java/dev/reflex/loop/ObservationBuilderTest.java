package dev.reflex.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ObservationBuilderTest {

  @Test
  void shouldApplyCalibrationThenTransformPerEntry() {
    ObservationBuilder b =
        new ObservationBuilder(
            List.of(
                ObservationEntry.identity(1).calibrated(2.0, -1.0),
                ObservationEntry.cos(0),
                ObservationEntry.sin(0).calibrated(1.0, Math.PI / 2),
                ObservationEntry.setpoint(0)),
            2,
            1);
    double[] out = new double[4];
    b.build(new double[] {0.5, 3.0}, new double[] {7.0}, 0.01, out);
    assertEquals(5.0, out[0]);
    assertEquals(Math.cos(0.5), out[1]);
    assertEquals(Math.sin(0.5 + Math.PI / 2), out[2]);
    assertEquals(7.0, out[3]);
  }

  @Test
  void shouldDifferentiateOverTheGivenTimeStepWithoutFiltering() {
    ObservationBuilder b =
        new ObservationBuilder(List.of(ObservationEntry.rate(0, 0).calibrated(2.0, 100)), 1, 0);
    double[] out = new double[1];
    b.build(new double[] {1.0}, new double[0], 0.01, out);
    assertEquals(0.0, out[0]); // first sample
    b.build(new double[] {1.5}, new double[0], 0.01, out);
    assertEquals(2.0 * 0.5 / 0.01, out[0], 1e-9);
    b.build(new double[] {1.5}, new double[0], 0.02, out); // after a skipped period: dt = 2 periods
    assertEquals(0.0, out[0], 1e-12);
  }

  @Test
  void shouldLowPassFilterTheRateWithTheConfiguredCutoff() {
    double cutoffHz = 5;
    double dtS = 0.001;
    ObservationBuilder b =
        new ObservationBuilder(List.of(ObservationEntry.rate(0, cutoffHz)), 1, 0);
    double[] out = new double[1];
    double slope = 3.0; // a ramp: the true rate is 3 units/s
    b.build(new double[] {0}, new double[0], dtS, out);
    b.build(new double[] {slope * dtS}, new double[0], dtS, out);
    double tau = 1 / (2 * Math.PI * cutoffHz);
    assertEquals(slope * dtS / (tau + dtS), out[0], 1e-12); // one filter step from 0
    for (int k = 2; k < 2000; k++) {
      b.build(new double[] {slope * dtS * k}, new double[0], dtS, out);
    }
    assertEquals(slope, out[0], 1e-6); // converged after 2 s >> tau
  }

  @Test
  void shouldRestartRatesFromZeroAfterNaNOrReset() {
    ObservationBuilder b = new ObservationBuilder(List.of(ObservationEntry.rate(0, 0)), 1, 0);
    double[] out = new double[1];
    b.build(new double[] {0}, new double[0], 0.1, out);
    b.build(new double[] {1}, new double[0], 0.1, out);
    assertEquals(10.0, out[0], 1e-9);
    b.build(new double[] {Double.NaN}, new double[0], 0.1, out);
    assertTrue(Double.isNaN(out[0]));
    b.build(new double[] {5}, new double[0], 0.1, out);
    assertEquals(0.0, out[0]);
    b.resetRates();
    b.build(new double[] {9}, new double[0], 0.1, out);
    assertEquals(0.0, out[0]);
  }

  @Test
  void shouldNameTheEntryWhoseIndexIsOutOfRange() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ObservationBuilder(
                    List.of(ObservationEntry.identity(0), ObservationEntry.sin(3)), 2, 0));
    assertEquals("observation entry 1: sensor index 3 out of range [0, 2)", e.getMessage());
  }
}
