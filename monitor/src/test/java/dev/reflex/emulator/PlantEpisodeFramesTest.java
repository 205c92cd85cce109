package dev.reflex.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.plant.sim.Pendulum;
import dev.reflex.plant.udp.UdpPlantIO;
import dev.reflex.plant.udp.UdpTestPorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The plant's own episodes across the UDP link: the emulator resets its plant every N periods and
 * flags the next sensor frame; the runtime's {@link UdpPlantIO#episodeStarted} reports it once,
 * even when a newer frame superseded the flagged one before the read; a time-scaled emulator steps
 * its plant by its plant step, not by its frame period.
 */
class PlantEpisodeFramesTest {
  private static final long PERIOD_NS = 10_000_000L;

  private PlantEmulator emulator;
  private UdpPlantIO io;

  private void open(long seed) throws IOException {
    InetSocketAddress runtimeAddr = UdpTestPorts.freeLoopback();
    InetSocketAddress plantAddr = UdpTestPorts.freeLoopback();
    Pendulum plant = new Pendulum();
    emulator =
        new PlantEmulator(
            plant,
            plantAddr,
            runtimeAddr,
            PERIOD_NS,
            1_000_000_000L,
            seed,
            FaultSchedule.none(),
            null);
    io =
        new UdpPlantIO(
            plant.observationNames(), plant.actionNames(), runtimeAddr, plantAddr, 1_000_000_000L);
  }

  @AfterEach
  void close() {
    if (io != null) {
      io.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  /** Ticks the emulator {@code n} times and reads once all of their frames arrived. */
  private boolean tickThenRead(int n, long[] tick) {
    long before = io.counters().framesAccepted;
    double[] sensors = new double[3];
    for (int i = 0; i < n; i++) {
      emulator.tick(tick[0]++ * PERIOD_NS);
    }
    UdpTestPorts.await(
        () -> io.read(sensors, tick[0] * PERIOD_NS),
        () -> io.counters().framesAccepted >= before + n,
        n + " sensor frames");
    return io.episodeStarted();
  }

  @Test
  void shouldFlagTheFirstFrameOfEachPlantEpisodeOnce() throws IOException {
    open(5);
    emulator.setEpisodeTicks(5);
    long[] tick = {0};
    assertTrue(tickThenRead(1, tick), "the very first frame starts an episode");
    for (int k = 1; k < 5; k++) {
      assertFalse(tickThenRead(1, tick), "frame " + k);
    }
    assertTrue(tickThenRead(1, tick), "frame 5, after the reset at 5 ticks");
    assertFalse(tickThenRead(1, tick), "reported once");
    assertFalse(tickThenRead(3, tick), "frames 7-9");
    // frames 10 (flagged) and 11 arrive before the next read: the flag is not lost
    assertTrue(tickThenRead(2, tick), "frame 10 superseded by 11 before the read");
    assertEquals(3, emulator.episodeReturns().size(), "two finished episodes and the running one");
  }

  @Test
  void shouldStepThePlantByThePlantStepWhenTimeScaled() throws IOException {
    double[] dThetaDot = new double[2];
    double[] dts = {0.01, 0.05};
    for (int run = 0; run < 2; run++) {
      open(9); // the same seeded reset both times
      emulator.setStepSeconds(dts[run]);
      emulator.tick(0); // the first tick sends the reset state without stepping
      double before = emulator.observation()[2];
      emulator.tick(PERIOD_NS); // zero torque (no actuator frame): gravity only
      dThetaDot[run] = emulator.observation()[2] - before;
      close();
      io = null;
      emulator = null;
    }
    assertTrue(Math.abs(dThetaDot[0]) > 1e-6, "gravity moved the pendulum");
    assertEquals(5 * dThetaDot[0], dThetaDot[1], 1e-9, "Δθ̇ scales with the plant step");
  }
}
