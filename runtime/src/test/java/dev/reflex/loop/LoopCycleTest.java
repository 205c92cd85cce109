package dev.reflex.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.safety.FaultKind;
import dev.reflex.safety.FaultRule;
import org.junit.jupiter.api.Test;

class LoopCycleTest {

  private static final long P = LoopFixture.PERIOD_NS;

  @Test
  void shouldStartEachTickAtItsAbsoluteDeadline() {
    LoopFixture f = new LoopFixture(LoopFixture.linear());
    long startNs = f.clock.nanoTime();
    f.invoker.run(10);
    for (int k = 0; k < 10; k++) {
      assertEquals(startNs + k * P, f.plant.readTimesNs[k], "tick " + k);
    }
    assertEquals(0, f.stats.missedPeriods());
  }

  @Test
  void shouldNotAccumulateDriftWhenTicksTakePartOfAPeriod() {
    LoopFixture f = new LoopFixture(LoopFixture.linear());
    f.plant.clockToAdvance = f.clock;
    f.plant.readDelayNs = P * 3 / 4; // each tick eats 75 % of the period
    long startNs = f.clock.nanoTime();
    f.invoker.run(20);
    assertEquals(startNs + 19 * P, f.plant.readTimesNs[19]);
    assertEquals(0, f.stats.missedPeriods());
    assertEquals(0, f.stats.overruns());
  }

  @Test
  void shouldSkipMissedPeriodsAfterOverrun() {
    LoopFixture f = new LoopFixture(LoopFixture.linear());
    long startNs = f.clock.nanoTime();
    f.invoker.run(3); // ticks at 0, P, 2P
    f.plant.clockToAdvance = f.clock;
    f.plant.readDelayNs = 3 * P + P / 2; // tick 3 (at 3P) ends at 6.5P
    f.invoker.run(1);
    f.plant.clockToAdvance = null;
    f.invoker.run(2);
    // Periods 4, 5 and 6 were missed (6P <= 6.5P); the next ticks run at 7P and 8P, not
    // back-to-back.
    assertEquals(startNs + 3 * P, f.plant.readTimesNs[3]);
    assertEquals(startNs + 7 * P, f.plant.readTimesNs[4]);
    assertEquals(startNs + 8 * P, f.plant.readTimesNs[5]);
    assertEquals(3, f.stats.missedPeriods());
    assertEquals(1, f.stats.overruns());
    assertEquals(6, f.stats.ticks());
    // The wake-up for period 4 came at 6.5P: its lateness is recorded in full, not after skipping.
    f.stats.sampleInterval(new LoopStatsSnapshot());
    long maxLatenessNs = f.stats.cumulative(LoopStats.LATENESS).getMaxValue();
    assertEquals(2.5 * P, maxLatenessNs, 0.001 * P);
  }

  @Test
  void shouldRunALateTickAtOnceWhenLessThanAPeriodLate() {
    LoopFixture f = new LoopFixture(LoopFixture.linear());
    long startNs = f.clock.nanoTime();
    f.invoker.run(1);
    f.plant.clockToAdvance = f.clock;
    f.plant.readDelayNs = P + P / 4; // tick 1 (at P) ends at 2.25P
    f.invoker.run(1);
    f.plant.clockToAdvance = null;
    f.invoker.run(1);
    assertEquals(startNs + 2 * P + P / 4, f.plant.readTimesNs[2]); // 0.25P late, not skipped
    assertEquals(0, f.stats.missedPeriods());
    assertEquals(1, f.stats.overruns());
  }

  @Test
  void shouldLatchDeadlineFaultAndStopWhenConsecutiveMissesExceedBudget() {
    LoopFixture f =
        new LoopFixture(
            LoopFixture.linear(), LoopFixture.defaultSafety().withMaxConsecutiveMisses(3));
    f.invoker.run(5);
    assertFalse(f.invoker.stopped());
    f.plant.clockToAdvance = f.clock;
    f.plant.readDelayNs = P + P / 2; // every tick overruns from now on
    long ran = f.invoker.run(100);
    assertTrue(f.invoker.stopped(), "controlled stop expected");
    assertEquals(5, ran); // misses 1..4 counted on ticks 2..5 of this run; 4 > 3 stops
    assertTrue(f.tick.safety().faults().isLatched(FaultKind.DEADLINE_MISSES));
    assertEquals(FaultKind.DEADLINE_MISSES, f.tick.safety().faults().stopReason());
    assertEquals(0.0, f.plant.lastSafe[0]);
    assertTrue(f.plant.safeWrites >= 2); // the faulted tick and the stop
  }

  @Test
  void shouldResetConsecutiveMissesAfterAnOnTimeTick() {
    LoopFixture f =
        new LoopFixture(
            LoopFixture.linear(), LoopFixture.defaultSafety().withMaxConsecutiveMisses(1));
    f.plant.clockToAdvance = f.clock;
    for (int i = 0; i < 20; i++) {
      f.plant.readDelayNs = (i % 2 == 0) ? 2 * P : 0; // one overrun, then one clean tick
      f.invoker.run(1);
    }
    assertFalse(f.invoker.stopped());
    assertFalse(f.tick.safety().faults().isLatched(FaultKind.DEADLINE_MISSES));
    assertTrue(f.stats.missedPeriods() > 0);
  }

  @Test
  void shouldGoSafeAndKeepTickingWhenThePolicyThrows() {
    LinearPolicy policy = LoopFixture.linear();
    LoopFixture f = new LoopFixture(policy);
    f.invoker.run(10);
    policy.throwing = true;
    f.invoker.run(50);
    assertEquals(60, f.stats.ticks());
    assertEquals(50, f.stats.exceptions());
    assertEquals(50, f.errors.size());
    assertTrue(f.tick.safety().faults().isLatched(FaultKind.TICK_EXCEPTION));
    assertEquals(0.0, f.plant.torqueNm);
    // Latched until reset: recovering the policy is not enough ...
    policy.throwing = false;
    f.invoker.run(20);
    assertTrue(f.tick.safety().faults().isLatched(FaultKind.TICK_EXCEPTION));
    assertEquals(0.0, f.plant.torqueNm);
    // ... the explicit reset is.
    f.commands.leaveSafeState();
    f.invoker.run(1);
    assertFalse(f.tick.safety().faults().faulted());
    assertTrue(f.plant.writes > 10);
  }

  @Test
  void shouldStopAfterTheFaultBudgetIsSpent() {
    LinearPolicy policy = LoopFixture.linear();
    LoopFixture f =
        new LoopFixture(
            policy,
            LoopFixture.defaultSafety()
                .withMaxFaults(3)
                .withRule(FaultKind.NAN_ACTION, FaultRule.autoClear(2)));
    for (int i = 0; i < 3; i++) {
      policy.returnNaN = true;
      f.invoker.run(1);
      policy.returnNaN = false;
      f.invoker.run(5);
    }
    assertTrue(f.invoker.stopped());
    assertEquals(3, f.tick.safety().faults().latchCount(FaultKind.NAN_ACTION));
    assertEquals(FaultKind.NAN_ACTION, f.tick.safety().faults().stopReason());
  }
}
