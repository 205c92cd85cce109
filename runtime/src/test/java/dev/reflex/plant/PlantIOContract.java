package dev.reflex.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.testing.Allocations;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link PlantIO} promises, checked for every backend: each backend's test extends this class
 * and opens one plant. The promises are the interface's own: channel names that do not change, a
 * status code (never an exception) from every read and write, safe values from the watchdog's
 * thread, and nothing allocated per tick.
 */
public abstract class PlantIOContract {
  private static final long PERIOD_NS = 10_000_000L;

  private PlantIO io;

  /** Opens the backend's plant; it is closed after each test. */
  protected abstract PlantIO open() throws Exception;

  /**
   * An actuator value every channel accepts (inside its limits); the channels' safe values are
   * usually a good choice.
   */
  protected abstract double[] midActuators(PlantIO io);

  /**
   * Lets the far side of the plant (an emulator, a simulated chip) take one period; default none.
   */
  protected void advancePlant(long nowNs) {}

  private PlantIO plant() throws Exception {
    if (io == null) {
      io = open();
    }
    return io;
  }

  @AfterEach
  void closePlant() {
    if (io != null) {
      io.close();
    }
  }

  @Test
  void shouldNameEveryChannelOnceAndKeepTheNames() throws Exception {
    PlantIO p = plant();
    assertNames(p.sensorNames(), "sensor");
    assertNames(p.actuatorNames(), "actuator");
    String[] sensors = p.sensorNames().clone();
    String[] actuators = p.actuatorNames().clone();
    p.read(new double[sensors.length], 0);
    p.write(midActuators(p), 0);
    assertTrue(Arrays.equals(sensors, p.sensorNames()), "sensor names changed after a tick");
    assertTrue(Arrays.equals(actuators, p.actuatorNames()), "actuator names changed after a tick");
  }

  private static void assertNames(String[] names, String kind) {
    assertTrue(names.length > 0, "no " + kind + " channels");
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      assertFalse(n == null || n.isBlank(), kind + " name blank: " + Arrays.toString(names));
      assertTrue(seen.add(n), kind + " name twice: " + n);
    }
  }

  @Test
  void shouldAnswerEveryReadAndWriteWithAStatusCode() throws Exception {
    PlantIO p = plant();
    double[] sensors = new double[p.sensorNames().length];
    double[] action = midActuators(p);
    for (int k = 0; k < 500; k++) {
      long now = k * PERIOD_NS;
      advancePlant(now);
      int r = p.read(sensors, now);
      assertTrue(
          r == PlantStatus.OK || r == PlantStatus.STALE || r == PlantStatus.FAILED,
          "read status " + r);
      if (r == PlantStatus.OK) {
        for (double v : sensors) {
          assertTrue(Double.isFinite(v), "an OK read gave " + Arrays.toString(sensors));
        }
      }
      int w = p.write(action, now);
      assertTrue(w == PlantStatus.OK || w == PlantStatus.FAILED, "write status " + w);
    }
  }

  @Test
  void shouldTakeSafeValuesFromAnotherThreadRepeatedly() throws Exception {
    PlantIO p = plant();
    double[] safe = midActuators(p);
    p.write(safe, 0);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread watchdog =
        new Thread(
            () -> {
              try {
                p.writeSafe(safe);
                p.writeSafe(safe); // idempotent
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "contract-watchdog");
    watchdog.start();
    watchdog.join(10_000);
    assertFalse(watchdog.isAlive(), "writeSafe did not return");
    assertEquals(null, failure.get(), "writeSafe threw on the watchdog's thread");
    int w = p.write(safe, PERIOD_NS);
    assertTrue(w == PlantStatus.OK || w == PlantStatus.FAILED, "write after writeSafe: " + w);
  }

  @Test
  void shouldAllocateNothingPerReadAndWrite() throws Exception {
    PlantIO p = plant();
    double[] sensors = new double[p.sensorNames().length];
    double[] action = midActuators(p);
    long[] now = {0};
    Allocations.assertNoAllocationPerCall(
        () -> {
          long t = now[0] += PERIOD_NS;
          p.read(sensors, t);
          p.write(action, t);
        });
  }
}
