package dev.reflex.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.plant.PlantStatus;
import org.junit.jupiter.api.Test;

class SafetyFilterTest {

  private static final long PERIOD_NS = 10_000_000; // 100 Hz
  private static final double[] OBS = {0.1, 0.2};

  private static SafetyConfig twoChannels() {
    return SafetyConfig.of(new double[] {-1, 0}, new double[] {1, 10}, new double[] {0, 5});
  }

  @Test
  void shouldClampEachChannelToItsLimits() {
    SafetyFilter f = new SafetyFilter(twoChannels(), PERIOD_NS);
    double[] out = new double[2];
    int flags = f.filter(OBS, PlantStatus.OK, 0, 0, new double[] {-3, 12}, out);
    assertEquals(-1, out[0]);
    assertEquals(10, out[1]);
    assertTrue((flags & SafetyFlags.CLAMPED) != 0);
    flags = f.filter(OBS, PlantStatus.OK, 0, 0, new double[] {0.5, 3}, out);
    assertEquals(0.5, out[0]);
    assertEquals(3, out[1]);
    assertEquals(0, flags & SafetyFlags.CLAMPED);
  }

  @Test
  void shouldLimitTheChangePerTickFromThePerSecondRate() {
    SafetyConfig c = twoChannels().withMaxRatePerS(new double[] {20, Double.POSITIVE_INFINITY});
    SafetyFilter f = new SafetyFilter(c, PERIOD_NS); // 20 /s at 100 Hz: 0.2 per tick
    double[] out = new double[2];
    // Starts from the safe action (0, 5).
    int flags = f.filter(OBS, PlantStatus.OK, 0, 0, new double[] {1, 9}, out);
    assertEquals(0.2, out[0], 1e-12);
    assertEquals(9, out[1]);
    assertTrue((flags & SafetyFlags.RATE_LIMITED) != 0);
    f.filter(OBS, PlantStatus.OK, 0, 0, new double[] {1, 9}, out);
    assertEquals(0.4, out[0], 1e-12);
    f.filter(OBS, PlantStatus.OK, 0, 0, new double[] {-1, 9}, out);
    assertEquals(0.2, out[0], 1e-12);
    f.filter(OBS, PlantStatus.OK, 0, 0, new double[] {0.25, 9}, out);
    f.filter(OBS, PlantStatus.OK, 0, 0, new double[] {0.25, 9}, out);
    assertEquals(0.25, out[0], 1e-12);
  }

  @Test
  void shouldApplySafeActionOnNaNOrInfinity() {
    SafetyFilter f = new SafetyFilter(twoChannels(), PERIOD_NS);
    double[] out = new double[2];
    int flags = f.filter(OBS, PlantStatus.OK, 0, 0, new double[] {Double.NaN, 1}, out);
    assertTrue((flags & SafetyFlags.FAULTED) != 0);
    assertEquals(0, out[0]);
    assertEquals(5, out[1]);
    assertTrue(f.faults().isLatched(FaultKind.NAN_ACTION));
    f.reset();
    f.filter(
        new double[] {0, Double.POSITIVE_INFINITY},
        PlantStatus.OK,
        0,
        0,
        new double[] {0.5, 1},
        out);
    assertTrue(f.faults().isLatched(FaultKind.NAN_OBSERVATION));
    assertEquals(5, out[1]);
  }

  @Test
  void shouldFaultOnAFailedReadWithoutCheckingTheUndefinedObservation() {
    SafetyFilter f = new SafetyFilter(twoChannels(), PERIOD_NS);
    double[] out = new double[2];
    int flags =
        f.filter(
            new double[] {Double.NaN, 0},
            PlantStatus.FAILED,
            0,
            0,
            new double[] {Double.NaN, 0},
            out);
    assertTrue((flags & SafetyFlags.SENSOR_FAILED) != 0);
    assertTrue(f.faults().isLatched(FaultKind.SENSOR_FAILED));
    assertFalse(f.faults().isLatched(FaultKind.NAN_OBSERVATION));
    assertFalse(f.faults().isLatched(FaultKind.NAN_ACTION));
    assertEquals(5, out[1]);
  }

  @Test
  void shouldTolerateStaleSensorsUntilTheStaleTimeout() {
    SafetyFilter f = new SafetyFilter(twoChannels().withStaleTimeoutNs(30_000_000), PERIOD_NS);
    double[] out = new double[2];
    double[] act = {0.1, 6};
    long t = 1_000_000_000;
    for (int k = 0; k < 3; k++) { // stale for 0, 10, 20 ms: tolerated
      int flags = f.filter(OBS, PlantStatus.STALE, t + k * PERIOD_NS, 0, act, out);
      assertTrue((flags & SafetyFlags.SENSOR_STALE) != 0);
      assertEquals(0, flags & SafetyFlags.FAULTED);
      assertEquals(0.1, out[0]);
    }
    int flags = f.filter(OBS, PlantStatus.STALE, t + 3 * PERIOD_NS, 0, act, out); // 30 ms
    assertTrue((flags & SafetyFlags.FAULTED) != 0);
    assertTrue(f.faults().isLatched(FaultKind.SENSOR_STALE));
    assertEquals(0, out[0]);
  }

  @Test
  void shouldRestartTheStaleClockWhenAFreshFrameArrives() {
    SafetyFilter f = new SafetyFilter(twoChannels().withStaleTimeoutNs(30_000_000), PERIOD_NS);
    double[] out = new double[2];
    double[] act = {0.1, 6};
    f.filter(OBS, PlantStatus.STALE, 0, 0, act, out);
    f.filter(OBS, PlantStatus.STALE, 20_000_000, 0, act, out);
    f.filter(OBS, PlantStatus.OK, 25_000_000, 0, act, out);
    f.filter(OBS, PlantStatus.STALE, 40_000_000, 0, act, out);
    f.filter(OBS, PlantStatus.STALE, 60_000_000, 0, act, out);
    assertFalse(f.faults().faulted());
  }

  @Test
  void shouldFaultWhenConsecutiveMissesExceedTheBudget() {
    SafetyFilter f = new SafetyFilter(twoChannels().withMaxConsecutiveMisses(2), PERIOD_NS);
    double[] out = new double[2];
    f.filter(OBS, PlantStatus.OK, 0, 2, new double[] {0, 6}, out);
    assertFalse(f.faults().faulted());
    int flags = f.filter(OBS, PlantStatus.OK, 0, 3, new double[] {0, 6}, out);
    assertTrue(f.faults().isLatched(FaultKind.DEADLINE_MISSES));
    assertTrue((flags & SafetyFlags.STOP) != 0, "default rule: deadline misses stop the loop");
    assertTrue(f.stopRequested());
  }

  @Test
  void shouldRestartTheRateLimiterFromTheSafeActionAfterAFault() {
    SafetyConfig c = twoChannels().withMaxRatePerS(new double[] {10, 10}); // 0.1 per tick
    SafetyFilter f = new SafetyFilter(c, PERIOD_NS);
    double[] out = new double[2];
    for (int i = 0; i < 10; i++) {
      f.filter(OBS, PlantStatus.OK, 0, 0, new double[] {1, 5}, out);
    }
    assertEquals(1.0, out[0], 1e-12);
    f.raise(FaultKind.TICK_EXCEPTION, out);
    assertEquals(0, out[0]);
    f.reset();
    f.filter(OBS, PlantStatus.OK, 0, 0, new double[] {1, 5}, out);
    assertEquals(0.1, out[0], 1e-12);
  }

  @Test
  void shouldRejectASafeActionOutsideTheLimits() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SafetyConfig.of(new double[] {0}, new double[] {1}, new double[] {2}));
    assertEquals("safety: safeAction[0] = 2.0 outside the limits [0.0, 1.0]", e.getMessage());
  }
}
