package dev.reflex.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.plant.PlantStatus;
import dev.reflex.safety.FaultKind;
import dev.reflex.safety.SafetyFilter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlTickTest {

  @Test
  void shouldWriteThePolicyActionComputedFromTheObservation() {
    LinearPolicy policy = LoopFixture.linear();
    LoopFixture f = new LoopFixture(policy);
    f.commands.setSetpoint(0, 0.25);
    f.invoker.run(1);
    double angle = 0.3; // first read: no integration yet
    double expected = 0.1 * Math.cos(angle) - 3.0 * Math.sin(angle) - 0.5 * 0 + 1.0 * 0.25;
    assertEquals(expected, f.plant.lastWritten[0], 1e-12);
    assertEquals(1, f.plant.writes);
    assertEquals(0, f.plant.safeWrites);
  }

  @Test
  void shouldPublishAStepRecordPerTick() {
    LoopFixture f = new LoopFixture(LoopFixture.linear());
    f.invoker.run(3);
    StepRecord layout = new StepRecord(4, 1);
    double[] rec = new double[layout.width()];
    for (int k = 0; k < 3; k++) {
      assertTrue(f.steps.poll(rec));
      assertEquals(k, StepRecord.tickIndex(rec));
      assertEquals(k * LoopFixture.PERIOD_NS, StepRecord.timeNs(rec));
      assertEquals(0, StepRecord.flags(rec) & TickFlags.FAULTED);
      double c = rec[StepRecord.OBSERVATION];
      double s = rec[StepRecord.OBSERVATION + 1];
      assertEquals(1.0, c * c + s * s, 1e-12);
      if (k == 0) {
        assertEquals(Math.cos(0.3), c, 1e-15);
      }
    }
    assertFalse(f.steps.poll(rec));
    assertEquals(f.plant.lastWritten[0], rec[layout.actionOffset()]);
  }

  @Test
  void shouldApplySafeActionOnNaNObservation() {
    LoopFixture f = new LoopFixture(LoopFixture.linear());
    f.invoker.run(5);
    f.plant.injectSensor = true;
    f.plant.injectedSensor = Double.NaN;
    f.invoker.run(1);
    assertTrue((f.cycle.lastFlags() & TickFlags.FAULTED) != 0);
    assertTrue(f.tick.safety().faults().isLatched(FaultKind.NAN_OBSERVATION));
    assertEquals(1, f.plant.safeWrites);
    assertEquals(0.0, f.plant.torqueNm);
  }

  @Test
  void shouldApplySafeActionOnNaNAction() {
    LinearPolicy policy = LoopFixture.linear();
    LoopFixture f = new LoopFixture(policy);
    f.invoker.run(5);
    policy.returnNaN = true;
    f.invoker.run(1);
    assertTrue(f.tick.safety().faults().isLatched(FaultKind.NAN_ACTION));
    assertEquals(0.0, f.plant.torqueNm);
    assertEquals(1, f.plant.safeWrites);
  }

  @Test
  void shouldGoSafeWithoutRunningThePolicyWhenTheSensorReadFails() {
    LinearPolicy policy = LoopFixture.linear();
    LoopFixture f = new LoopFixture(policy);
    f.invoker.run(5);
    f.plant.readStatus = PlantStatus.FAILED;
    f.invoker.run(3);
    assertEquals(5, policy.calls);
    assertTrue(f.tick.safety().faults().isLatched(FaultKind.SENSOR_FAILED));
    assertEquals(3, f.plant.safeWrites);
    f.plant.readStatus = PlantStatus.OK; // frames return: auto-clear after 10 clean ticks
    f.invoker.run(9);
    assertTrue(f.tick.safety().faults().isLatched(FaultKind.SENSOR_FAILED));
    f.invoker.run(1);
    assertFalse(f.tick.safety().faults().faulted());
  }

  @Test
  void shouldLatchAFaultWhenTheActuatorWriteFails() {
    LoopFixture f = new LoopFixture(LoopFixture.linear());
    f.plant.writeStatus = PlantStatus.FAILED;
    f.invoker.run(1);
    assertTrue((f.cycle.lastFlags() & TickFlags.WRITE_FAILED) != 0);
    assertTrue(f.tick.safety().faults().isLatched(FaultKind.ACTUATOR_WRITE_FAILED));
    f.invoker.run(1);
    assertEquals(1, f.plant.safeWrites);
  }

  @Test
  void shouldHoldSafeStateOnCommandUntilReleased() {
    LoopFixture f = new LoopFixture(LoopFixture.linear());
    f.invoker.run(2);
    f.commands.enterSafeState();
    f.invoker.run(4);
    assertEquals(4, f.plant.safeWrites);
    assertTrue((f.cycle.lastFlags() & TickFlags.HOLD) != 0);
    assertFalse(f.tick.safety().faults().faulted());
    f.commands.leaveSafeState();
    f.invoker.run(1);
    assertEquals(3, f.plant.writes);
  }

  @Test
  void shouldSwapInAPendingPolicyAtTheTickBoundary() {
    LinearPolicy first = LoopFixture.linear();
    LoopFixture f = new LoopFixture(first);
    f.invoker.run(2);
    LinearPolicy second = new LinearPolicy(new double[] {0, 0, 0, 0}, 0.5);
    f.swap.offer(second);
    f.invoker.run(1);
    assertSame(second, f.tick.policy());
    assertTrue((f.cycle.lastFlags() & TickFlags.POLICY_SWAPPED) != 0);
    assertEquals(0.5, f.plant.lastWritten[0]);
    assertEquals(2, first.calls);
  }

  @Test
  void shouldRejectAPendingPolicyOfTheWrongSize() {
    LinearPolicy first = LoopFixture.linear();
    LoopFixture f = new LoopFixture(first);
    f.swap.offer(new LinearPolicy(new double[] {1, 2}, 0));
    f.invoker.run(1);
    assertSame(first, f.tick.policy());
    assertEquals(1, f.tick.rejectedPolicies());
    assertTrue((f.cycle.lastFlags() & TickFlags.POLICY_REJECTED) != 0);
  }

  @Test
  void shouldHandATickSampleToTheListener() {
    PendulumPlantDouble plant = new PendulumPlantDouble();
    long[] seen = new long[2];
    double[] lastAction = new double[1];
    ControlTick tick =
        new ControlTickBuilder(
                plant,
                LoopFixture.linear(),
                new ObservationBuilder(LoopFixture.ENTRIES, 1, 1),
                new SafetyFilter(LoopFixture.defaultSafety(), LoopFixture.PERIOD_NS))
            .commands(new CommandMailbox(1))
            .listener(
                (index, startNs, sensors, obs, action, flags) -> {
                  seen[0]++;
                  seen[1] = startNs;
                  lastAction[0] = action[0];
                })
            .clock(new ManualClock(0))
            .build();
    tick.doTick(123, 1e-3, 0);
    tick.doTick(456, 1e-3, 0);
    assertEquals(2, seen[0]);
    assertEquals(456, seen[1]);
    assertEquals(plant.lastWritten[0], lastAction[0]);
    assertNotEquals(0.0, lastAction[0]);
  }

  @Test
  void shouldRejectMismatchedSizesAtBuildTime() {
    PendulumPlantDouble plant = new PendulumPlantDouble();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ControlTickBuilder(
                        plant,
                        new LinearPolicy(new double[] {1, 2, 3}, 0),
                        new ObservationBuilder(List.of(ObservationEntry.identity(0)), 1, 0),
                        new SafetyFilter(LoopFixture.defaultSafety(), LoopFixture.PERIOD_NS))
                    .build());
    assertTrue(e.getMessage().contains("observation size"), e.getMessage());
  }
}
