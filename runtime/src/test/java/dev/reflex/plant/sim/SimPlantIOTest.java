package dev.reflex.plant.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.plant.PlantStatus;
import dev.reflex.testing.Allocations;
import org.junit.jupiter.api.Test;

class SimPlantIOTest {
  private static final long PERIOD_NS = 10_000_000L;

  @Test
  void shouldExposeObservationAndActionNames() {
    try (SimPlantIO io = new SimPlantIO(new Pendulum(), PERIOD_NS)) {
      assertArrayEquals(
          new String[] {"cos_theta", "sin_theta", "theta_dot_rad_s"}, io.sensorNames());
      assertArrayEquals(new String[] {"torque_nm"}, io.actuatorNames());
    }
  }

  @Test
  void shouldAdvanceOnePeriodPerWriteInLockStep() {
    Pendulum reference = new Pendulum();
    reference.setState(0.4, 0.1);
    Pendulum p = new Pendulum();
    p.setState(0.4, 0.1);
    SimPlantIO io = new SimPlantIO(p, PERIOD_NS);
    double[] obs = new double[3];
    assertEquals(PlantStatus.OK, io.read(obs, 0L));
    assertEquals(Math.cos(0.4), obs[0], 1e-15);
    assertEquals(0.4, p.angleRad(), 0.0, "a read does not advance the physics it observes");
    double sum = 0;
    for (int k = 0; k < 5; k++) {
      assertEquals(PlantStatus.OK, io.write(new double[] {0.7}, k * PERIOD_NS));
      sum += reference.step(new double[] {0.7}, 0.01);
    }
    assertEquals(reference.angleRad(), p.angleRad(), 0.0);
    assertEquals(sum, io.episodeReturn(), 1e-12);
    assertEquals(5, io.episodeSteps());
  }

  @Test
  void shouldHoldTheSafeActionUntilTheNextWrite() {
    Pendulum p = new Pendulum();
    p.setState(0.0, 0.0);
    SimPlantIO io = new SimPlantIO(p, PERIOD_NS);
    io.write(new double[] {2.0}, 0);
    io.writeSafe(new double[] {-1.0});
    Pendulum ref = new Pendulum();
    ref.setState(p.angleRad(), p.velocityRadS());
    io.advance();
    ref.step(new double[] {-1.0}, 0.01);
    assertEquals(ref.velocityRadS(), p.velocityRadS(), 0.0, "the safe torque was applied");
    assertEquals(ref.angleRad(), p.angleRad(), 0.0);
  }

  @Test
  void shouldResetFromASeedAndTruncateAtTheTimeLimit() {
    SimPlantIO a = new SimPlantIO(new Pendulum(), 50_000_000L);
    SimPlantIO b = new SimPlantIO(new Pendulum(), 50_000_000L);
    a.reset(42);
    b.reset(42);
    double[] oa = new double[3];
    double[] ob = new double[3];
    a.read(oa, 0);
    b.read(ob, 0);
    assertArrayEquals(oa, ob);
    for (int k = 0; k < 199; k++) {
      a.write(new double[] {0.0}, 0);
    }
    assertTrue(!a.truncated());
    a.write(new double[] {0.0}, 0);
    assertTrue(a.truncated());
    a.reset(42);
    assertEquals(0, a.episodeSteps());
  }

  @Test
  void shouldReadAndWriteWithoutAllocating() {
    SimPlantIO io = new SimPlantIO(new CartPoleSwingUp(), PERIOD_NS);
    io.reset(1);
    double[] obs = new double[5];
    double[] act = {1.0};
    long bytes =
        Allocations.measure(
            () -> {
              for (int k = 0; k < 10_000; k++) {
                io.read(obs, k);
                act[0] = -obs[1];
                io.write(act, k);
                if (io.terminated() || io.truncated()) {
                  io.reset(k);
                }
              }
            });
    assertEquals(0, bytes);
  }

  @Test
  void shouldStepByThePlantStepWhenTimeScaled() {
    Pendulum reference = new Pendulum();
    reference.setState(0.4, 0.1);
    Pendulum p = new Pendulum();
    p.setState(0.4, 0.1);
    SimPlantIO io = new SimPlantIO(p, PERIOD_NS);
    io.setStepSeconds(0.05);
    double[] obs = new double[3];
    double[] ref = new double[3];
    for (int k = 0; k < 10; k++) {
      io.read(obs, k * PERIOD_NS);
      io.write(new double[] {0.5}, k * PERIOD_NS);
      reference.step(new double[] {0.5}, 0.05);
    }
    io.read(obs, 10 * PERIOD_NS);
    reference.observe(ref);
    assertArrayEquals(ref, obs, 0.0, "ten ticks of 10 ms = ten 50 ms plant steps");
  }

  @Test
  void shouldPutItselfBackEveryEpisodeAndSayItOnceWithoutAllocating() {
    Pendulum p = new Pendulum();
    p.setState(0.4, 0.1);
    SimPlantIO io = new SimPlantIO(p, PERIOD_NS);
    io.resetItselfEvery(4, 11);
    double[] obs = new double[3];
    double[] act = {0.1};
    boolean[] started = new boolean[10];
    for (int k = 0; k < 10; k++) {
      io.read(obs, k * PERIOD_NS);
      started[k] = io.episodeStarted();
      io.write(act, k * PERIOD_NS);
    }
    assertArrayEquals(
        new boolean[] {true, false, false, false, true, false, false, false, true, false},
        started,
        "the first read, then every 4 steps");
    assertEquals(2, io.episodeSteps(), "steps since the last reset");
    long bytes =
        Allocations.measure(
            10_000,
            100_000,
            () -> {
              io.read(obs, 0);
              io.write(act, 0);
            });
    assertEquals(0, bytes, "resets included");
  }
}
