package dev.reflex.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.plant.PlantIO;
import dev.reflex.plant.PlantStatus;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WatchdogTest {

  private static final long TIMEOUT_NS = 20_000_000;

  /** Counts safe writes; the watchdog never calls read or write. */
  private static final class SafeWriteCounter implements PlantIO {
    final AtomicLong safeWrites = new AtomicLong();
    volatile double lastSafe = Double.NaN;

    @Override
    public String[] sensorNames() {
      return new String[] {"s"};
    }

    @Override
    public String[] actuatorNames() {
      return new String[] {"a"};
    }

    @Override
    public int read(double[] sensorsOut, long nowNs) {
      return PlantStatus.FAILED;
    }

    @Override
    public int write(double[] actuators, long nowNs) {
      return PlantStatus.FAILED;
    }

    @Override
    public void writeSafe(double[] safeValues) {
      lastSafe = safeValues[0];
      safeWrites.incrementAndGet();
    }

    @Override
    public void close() {}
  }

  @Test
  void shouldStayQuietWhileTheHeartbeatComes() {
    Heartbeat hb = new Heartbeat();
    SafeWriteCounter plant = new SafeWriteCounter();
    Watchdog dog = new Watchdog(hb, plant, new double[] {0.7}, TIMEOUT_NS, () -> 0);
    hb.arm(0);
    for (long t = 1_000_000; t < 1_000_000_000; t += 1_000_000) {
      hb.beat(t);
      assertFalse(dog.check(t + 5_000_000));
    }
    assertEquals(0, plant.safeWrites.get());
  }

  @Test
  void shouldDriveActuatorsSafeWhenTheHeartbeatStops() {
    Heartbeat hb = new Heartbeat();
    SafeWriteCounter plant = new SafeWriteCounter();
    Watchdog dog = new Watchdog(hb, plant, new double[] {0.7}, TIMEOUT_NS, () -> 0);
    hb.arm(0);
    hb.beat(100_000_000);
    assertFalse(dog.check(100_000_000 + TIMEOUT_NS));
    assertTrue(dog.check(100_000_000 + TIMEOUT_NS + 1));
    assertEquals(1, plant.safeWrites.get());
    assertEquals(0.7, plant.lastSafe);
    assertTrue(hb.takeStall());
    assertFalse(hb.takeStall(), "the signal is taken once");
    // Once per stall: still no beat, no second firing.
    assertFalse(dog.check(500_000_000));
    assertEquals(1, dog.firings());
    // The thread comes back, then stalls again: fires again.
    hb.beat(600_000_000);
    assertFalse(dog.check(610_000_000));
    assertTrue(dog.check(700_000_000));
    assertEquals(2, dog.firings());
  }

  @Test
  void shouldNotFireWhenDisarmed() {
    Heartbeat hb = new Heartbeat();
    SafeWriteCounter plant = new SafeWriteCounter();
    Watchdog dog = new Watchdog(hb, plant, new double[] {0.7}, TIMEOUT_NS, () -> 0);
    assertFalse(dog.check(Long.MAX_VALUE / 2), "never armed");
    hb.arm(0);
    hb.disarm();
    assertFalse(dog.check(1_000_000_000));
    assertEquals(0, plant.safeWrites.get());
  }

  @Test
  void shouldFireFromItsOwnThreadWhenTheControlThreadStalls() throws Exception {
    Heartbeat hb = new Heartbeat();
    SafeWriteCounter plant = new SafeWriteCounter();
    AtomicLong manualNs = new AtomicLong(0);
    Watchdog dog = new Watchdog(hb, plant, new double[] {0.7}, TIMEOUT_NS, manualNs::get);
    hb.arm(0);
    dog.start(1_000_000);
    try {
      manualNs.set(TIMEOUT_NS + 1); // no beat since 0: a stall
      long giveUpNs = System.nanoTime() + 30_000_000_000L;
      while (plant.safeWrites.get() == 0 && System.nanoTime() < giveUpNs) {
        Thread.sleep(1); // waiting for the watchdog thread, not asserting on time
      }
    } finally {
      dog.close();
    }
    assertEquals(1, plant.safeWrites.get());
    assertTrue(hb.takeStall());
  }

  @Test
  void shouldLatchAStallFaultInTheControlTickAfterTheWatchdogFired() {
    // The control-thread side of the hand-over: the next filter sees the stall as a latched fault.
    Heartbeat hb = new Heartbeat();
    SafetyFilter safety =
        new SafetyFilter(
            SafetyConfig.of(new double[] {-1}, new double[] {1}, new double[] {0}), 1_000_000);
    Watchdog dog = new Watchdog(hb, new SafeWriteCounter(), new double[] {0}, TIMEOUT_NS, () -> 0);
    hb.arm(0);
    assertTrue(dog.check(TIMEOUT_NS + 1));
    double[] out = new double[1];
    if (hb.takeStall()) {
      safety.raise(FaultKind.WATCHDOG_STALL, out);
    }
    int flags = safety.filter(new double[] {0}, PlantStatus.OK, 0, 0, new double[] {0.5}, out);
    assertTrue((flags & SafetyFlags.FAULTED) != 0);
    assertTrue(safety.faults().isLatched(FaultKind.WATCHDOG_STALL));
    assertEquals(0, out[0]);
  }
}
