package dev.reflex.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.loop.ControllerLifecycle.State;
import dev.reflex.safety.FaultKind;
import dev.reflex.safety.FaultRule;
import dev.reflex.safety.SafetyConfig;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The lifecycle with the real control thread; waits for events, never asserts on time. */
@Tag("slow")
class ControllerLifecycleTest {

  private static final double SAFE_NM = 0.5;

  private static SafetyConfig safety() {
    return SafetyConfig.of(new double[] {-2}, new double[] {2}, new double[] {SAFE_NM});
  }

  private static ControllerLifecycle lifecycle(SafetyConfig safety) {
    return new ControllerLifecycle(
        LoopConfig.atRate(1000).withWarmupTicks(50), safety, LoopFixture.ENTRIES, new double[1]);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long giveUpNs = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > giveUpNs) {
        throw new AssertionError("never happened: " + what);
      }
      Thread.sleep(2);
    }
  }

  @Test
  void shouldGoThroughConfigureActivateDeactivateShutdown() throws Exception {
    ControllerLifecycle lc = lifecycle(safety());
    assertEquals(State.UNCONFIGURED, lc.state());
    assertThrows(IllegalStateException.class, lc::activate);
    PendulumPlantDouble plant = new PendulumPlantDouble();
    lc.configure(plant, LoopFixture.linear(), TickListener.NONE);
    assertEquals(State.CONFIGURED, lc.state());
    lc.activate();
    assertEquals(State.ACTIVE, lc.state());
    await(() -> lc.stats().ticks() >= 100, "100 ticks");
    lc.deactivate("test deactivate");
    assertEquals(State.INACTIVE, lc.state());
    assertEquals("test deactivate", lc.lastReason());
    assertEquals(SAFE_NM, plant.lastSafe[0]);
    assertEquals(SAFE_NM, plant.torqueNm);
    long ticks = lc.stats().ticks();
    assertTrue(lc.steps().size() > 0, "steps were handed to the ring");
    lc.activate();
    await(() -> lc.stats().ticks() >= ticks + 50, "50 more ticks");
    lc.shutdown("test shutdown");
    assertEquals(State.SHUTDOWN, lc.state());
    assertTrue(plant.closed);
    lc.shutdown("again"); // idempotent
    assertEquals("test shutdown", lc.lastReason());
  }

  @Test
  void shouldMoveToFaultStoppedOnAControlledStop() throws Exception {
    ControllerLifecycle lc = lifecycle(safety().withRule(FaultKind.TICK_EXCEPTION, FaultRule.STOP));
    PendulumPlantDouble plant = new PendulumPlantDouble();
    lc.configure(plant, LoopFixture.linear(), TickListener.NONE);
    plant.throwOnRead = true;
    lc.activate();
    await(() -> lc.state() == State.FAULT_STOPPED, "fault stop");
    assertTrue(lc.lastReason().contains(FaultKind.TICK_EXCEPTION.message()), lc.lastReason());
    lc.shutdown("test over");
    assertEquals(SAFE_NM, plant.lastSafe[0]);
    assertEquals(State.SHUTDOWN, lc.state());
  }

  @Test
  void shouldApplyRemoteCommandsWhileActive() throws Exception {
    ControllerLifecycle lc = lifecycle(safety());
    PendulumPlantDouble plant = new PendulumPlantDouble();
    lc.configure(plant, LoopFixture.linear(), TickListener.NONE);
    lc.activate();
    lc.commands().enterSafeState();
    await(() -> (lc.cycle().lastFlags() & TickFlags.HOLD) != 0, "hold");
    lc.commands().leaveSafeState();
    await(() -> (lc.cycle().lastFlags() & TickFlags.HOLD) == 0, "release");
    assertTrue(lc.commands().setSetpoint(0, 1.0));
    assertEquals(false, lc.commands().setSetpoint(1, 1.0));
    lc.shutdown("test over");
  }

  @Test
  void shouldRegisterAShutdownHook() {
    ControllerLifecycle lc = lifecycle(safety());
    Thread hook = lc.installShutdownHook();
    assertTrue(Runtime.getRuntime().removeShutdownHook(hook));
  }
}
