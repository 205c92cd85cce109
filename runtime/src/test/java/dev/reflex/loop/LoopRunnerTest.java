package dev.reflex.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.safety.FaultKind;
import dev.reflex.safety.SafetyFilter;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The real control thread at 1 kHz; asserts counts and allocation only, never timing. */
@Tag("slow")
class LoopRunnerTest {

  private static LoopCycle realCycle(PendulumPlantDouble plant, LoopStats stats) {
    ControlTick tick =
        new ControlTickBuilder(
                plant,
                new MlpPolicy(4, 1, 32, 2.0, 3),
                new ObservationBuilder(LoopFixture.ENTRIES, 1, 1),
                new SafetyFilter(LoopFixture.defaultSafety(), 1_000_000))
            .commands(new CommandMailbox(1))
            .stats(stats)
            .build();
    return new LoopCycle(
        tick,
        1_000_000,
        new ParkSpinWait(150_000),
        SystemNanoClock.INSTANCE,
        stats,
        new RateLimitedErrorLog(1_000_000_000L, SystemNanoClock.INSTANCE));
  }

  /**
   * Compiles the tick's code before the real thread runs it: JIT compile requests resolve string
   * constants on the requesting thread (a one-time allocation), and compiled code is shared by all
   * threads.
   */
  private static void warmUpOnThisThread() {
    LoopFixture f = new LoopFixture(new MlpPolicy(4, 1, 32, 2.0, 3));
    double[] record = new double[f.steps.recordDoubles()];
    for (int i = 0; i < 200; i++) {
      f.invoker.run(1000);
      while (f.steps.poll(record)) {
        // drain
      }
    }
    ParkSpinWait wait = new ParkSpinWait(150_000);
    for (int i = 0; i < 500; i++) {
      wait.awaitDeadline(System.nanoTime() + 200_000, SystemNanoClock.INSTANCE);
    }
  }

  @Test
  void shouldTickAtOneKilohertzOnItsOwnThreadWithoutAllocating() throws Exception {
    warmUpOnThisThread();
    PendulumPlantDouble plant = new PendulumPlantDouble();
    LoopStats stats = new LoopStats();
    AtomicReference<LoopRunner.Exit> exit = new AtomicReference<>();
    LoopRunner runner =
        new LoopRunner(
            realCycle(plant, stats), ThreadSetup.Request.none(), 100, "test-loop", exit::set);
    runner.start();
    long giveUpNs = System.nanoTime() + 30_000_000_000L;
    while (stats.ticks() < 400 && System.nanoTime() < giveUpNs) {
      Thread.sleep(10); // waiting for a count, not asserting on time
    }
    assertEquals(LoopRunner.Exit.STOP_REQUESTED, runner.stop());
    assertEquals(LoopRunner.Exit.STOP_REQUESTED, exit.get());
    assertFalse(runner.running());
    assertTrue(stats.ticks() >= 400, "ticks " + stats.ticks());
    assertEquals(stats.ticks(), plant.reads);
    assertEquals(0, stats.exceptions());
    assertEquals(0, runner.allocatedBytesAfterWarmup(), runner.summary());
    assertTrue(plant.safeWrites >= 1, "actuators driven safe on stop");
    assertNotNull(runner.setupResult());
    assertTrue(runner.summary().contains("lateness"));
  }

  @Test
  void shouldEndWithAControlledStopWhenSafetyDemandsIt() throws Exception {
    PendulumPlantDouble plant = new PendulumPlantDouble();
    plant.throwOnRead = true; // every tick throws; TICK_EXCEPTION then the fault budget
    LoopStats stats = new LoopStats();
    ControlTick tick =
        new ControlTickBuilder(
                plant,
                new MlpPolicy(4, 1, 8, 2.0, 3),
                new ObservationBuilder(LoopFixture.ENTRIES, 1, 1),
                new SafetyFilter(
                    LoopFixture.defaultSafety()
                        .withRule(FaultKind.TICK_EXCEPTION, dev.reflex.safety.FaultRule.STOP),
                    1_000_000))
            .commands(new CommandMailbox(1))
            .stats(stats)
            .build();
    LoopCycle cycle =
        new LoopCycle(
            tick,
            1_000_000,
            new ParkSpinWait(100_000),
            SystemNanoClock.INSTANCE,
            stats,
            (e, n) -> {});
    AtomicReference<LoopRunner.Exit> exit = new AtomicReference<>();
    LoopRunner runner =
        new LoopRunner(cycle, ThreadSetup.Request.none(), 0, "test-stop", exit::set);
    runner.start();
    assertEquals(LoopRunner.Exit.CONTROLLED_STOP, waitExit(exit));
    assertEquals(LoopRunner.Exit.CONTROLLED_STOP, runner.stop());
    assertEquals(1, stats.ticks());
    assertEquals(1, stats.exceptions());
    assertTrue(plant.safeWrites >= 2);
  }

  private static LoopRunner.Exit waitExit(AtomicReference<LoopRunner.Exit> exit)
      throws InterruptedException {
    long giveUpNs = System.nanoTime() + 30_000_000_000L;
    while (exit.get() == null && System.nanoTime() < giveUpNs) {
      Thread.sleep(1); // waiting for an event, not asserting on time
    }
    return exit.get();
  }
}
