package dev.reflex.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FaultLatchTest {

  private static SafetyConfig config() {
    return SafetyConfig.of(new double[] {-1}, new double[] {1}, new double[] {0});
  }

  @Test
  void shouldLatchOncePerEpisodeWhileTheConditionPersists() {
    FaultLatch latch = new FaultLatch(config());
    for (int i = 0; i < 5; i++) {
      latch.present(FaultKind.SENSOR_FAILED);
      latch.endTick();
    }
    assertTrue(latch.isLatched(FaultKind.SENSOR_FAILED));
    assertEquals(1, latch.latchCount(FaultKind.SENSOR_FAILED));
    assertEquals(FaultKind.SENSOR_FAILED.bit(), latch.publishedMask());
    assertEquals(FaultKind.SENSOR_FAILED, latch.lastLatched());
  }

  @Test
  void shouldAutoClearAfterTheConfiguredCleanTicks() {
    FaultLatch latch =
        new FaultLatch(config().withRule(FaultKind.SENSOR_STALE, FaultRule.autoClear(3)));
    latch.present(FaultKind.SENSOR_STALE);
    latch.endTick();
    latch.endTick();
    latch.endTick();
    assertTrue(latch.faulted());
    latch.present(FaultKind.SENSOR_STALE); // condition back: the clean count restarts
    latch.endTick();
    latch.endTick();
    latch.endTick();
    assertTrue(latch.faulted());
    latch.endTick();
    assertFalse(latch.faulted());
    assertEquals(0, latch.publishedMask());
    assertEquals(1, latch.latchCount(FaultKind.SENSOR_STALE));
  }

  @Test
  void shouldStayLatchedUntilResetWhenTheRuleSaysSo() {
    FaultLatch latch = new FaultLatch(config());
    latch.present(FaultKind.TICK_EXCEPTION);
    for (int i = 0; i < 1000; i++) {
      latch.endTick();
    }
    assertTrue(latch.isLatched(FaultKind.TICK_EXCEPTION));
    latch.reset();
    assertFalse(latch.faulted());
    assertFalse(latch.stopRequested());
  }

  @Test
  void shouldRequestAStopAfterTheFaultBudget() {
    FaultLatch latch =
        new FaultLatch(
            config().withMaxFaults(3).withRule(FaultKind.NAN_ACTION, FaultRule.autoClear(1)));
    for (int i = 0; i < 2; i++) {
      latch.present(FaultKind.NAN_ACTION);
      latch.endTick();
      latch.endTick();
    }
    assertFalse(latch.stopRequested());
    assertNull(latch.stopReason());
    latch.present(FaultKind.NAN_ACTION);
    assertTrue(latch.stopRequested());
    assertEquals(FaultKind.NAN_ACTION, latch.stopReason());
    assertEquals(3, latch.totalLatches());
    latch.reset();
    assertTrue(latch.stopRequested(), "a stop is final");
  }

  @Test
  void shouldRequestAStopAtOnceForAKindThatDemandsIt() {
    FaultLatch latch = new FaultLatch(config().withRule(FaultKind.WATCHDOG_STALL, FaultRule.STOP));
    latch.present(FaultKind.WATCHDOG_STALL);
    assertTrue(latch.stopRequested());
    assertEquals(FaultKind.WATCHDOG_STALL, latch.stopReason());
  }

  @Test
  void shouldDescribeMasksAndKeepCodesStable() {
    int mask = FaultKind.SENSOR_FAILED.bit() | FaultKind.NAN_ACTION.bit();
    assertEquals("SENSOR_FAILED,NAN_ACTION", FaultKind.describeMask(mask));
    assertEquals("none", FaultKind.describeMask(0));
    assertEquals(5, FaultKind.DEADLINE_MISSES.code());
  }
}
