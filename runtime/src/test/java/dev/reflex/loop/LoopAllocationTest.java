package dev.reflex.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The real tick code, run on this thread through the invoker, allocates nothing per tick. */
class LoopAllocationTest {

  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void shouldNotAllocateOverHundredThousandTicksAfterWarmUp() {
    LoopFixture f = new LoopFixture(new MlpPolicy(4, 1, 32, 2.0, 42));
    f.plant.clockToAdvance = f.clock;
    f.plant.readDelayNs = 20_000; // phases take simulated time, so the histograms see values
    double[] record = new double[f.steps.recordDoubles()];
    // Warm-up: class initialisation and JIT compilation. A C2 compile request resolves the string
    // constants of the compiled method's class on the requesting thread (a few hundred bytes, once
    // per class), so the warm-up must run until the tick's methods, and this test's, are compiled.
    for (int i = 0; i < 200; i++) {
      f.invoker.run(1000);
      drain(f.steps, record);
    }
    f.commands.setSetpoint(0, 0.1);
    long before = THREADS.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 100; i++) {
      f.invoker.run(1000);
      drain(f.steps, record);
    }
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
    assertEquals(0, allocated, "bytes allocated by 100,000 ticks");
    assertEquals(300_000, f.stats.ticks());
    assertFalse(f.tick.safety().faults().faulted());
    assertTrue(Math.abs(f.plant.angleRad) < 10, "pendulum state stays finite");
    assertEquals(0, f.steps.dropped());
  }

  @Test
  void shouldNotAllocateWhileFaultedAndWhileSwappingPolicies() {
    MlpPolicy policy = new MlpPolicy(4, 1, 16, 2.0, 7);
    LoopFixture f = new LoopFixture(policy);
    MlpPolicy other = new MlpPolicy(4, 1, 16, 2.0, 8);
    double[] record = new double[f.steps.recordDoubles()];
    for (int i = 0; i < 200; i++) {
      exercise(f, policy, other, record);
    }
    long before = THREADS.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 20; i++) {
      exercise(f, policy, other, record);
    }
    assertEquals(0, THREADS.getCurrentThreadAllocatedBytes() - before);
  }

  private static void exercise(LoopFixture f, MlpPolicy a, MlpPolicy b, double[] record) {
    f.swap.offer(b);
    f.invoker.run(200);
    f.plant.readStatus = dev.reflex.plant.PlantStatus.FAILED;
    f.invoker.run(20);
    f.plant.readStatus = dev.reflex.plant.PlantStatus.STALE;
    f.invoker.run(100);
    f.plant.readStatus = dev.reflex.plant.PlantStatus.OK;
    f.swap.offer(a);
    f.invoker.run(200);
    drain(f.steps, record);
  }

  private static void drain(SpscRing ring, double[] record) {
    while (ring.poll(record)) {
      // consume
    }
  }
}
