package dev.reflex.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.plant.sim.DcMotor;
import dev.reflex.plant.udp.UdpTestPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatorRunnerTest {
  @TempDir Path dir;

  @Test
  void shouldTickOnAnAbsoluteScheduleAndCountSkippedPeriods() throws IOException {
    Path csv = dir.resolve("run.csv");
    DcMotor plant = new DcMotor();
    long periodNs = 2_000_000L;
    PlantEmulator emulator =
        new PlantEmulator(
            plant,
            UdpTestPorts.freeLoopback(),
            UdpTestPorts.freeLoopback(),
            periodNs,
            50_000_000L,
            3L,
            FaultSchedule.none(),
            new TrajectoryRecorder(csv, plant.observationNames(), plant.actionNames()));
    long ticks;
    try (emulator) {
      ticks = new EmulatorRunner(emulator).run(100_000_000L);
    }
    assertEquals(50, ticks + emulator.counters().overruns, "every period run or skipped");
    List<String> rows = Files.readAllLines(csv);
    assertEquals(ticks + 1, rows.size());
    double previous = -1;
    for (String row : rows.subList(1, rows.size())) {
      double t = Double.parseDouble(row.substring(0, row.indexOf(',')));
      double k = t / 0.002;
      assertEquals(Math.rint(k), k, 1e-6, "tick times are whole periods: " + t);
      assertTrue(t > previous);
      previous = t;
    }
    assertEquals(ticks, emulator.counters().actuatorTimeouts, "no runtime: zero action each tick");
  }

  @Test
  void shouldStopWhenAsked() throws IOException {
    PlantEmulator emulator =
        new PlantEmulator(
            new DcMotor(),
            UdpTestPorts.freeLoopback(),
            UdpTestPorts.freeLoopback(),
            1_000_000L,
            50_000_000L,
            3L,
            FaultSchedule.none(),
            null);
    EmulatorRunner runner = new EmulatorRunner(emulator);
    runner.stop();
    try (emulator) {
      assertEquals(0, runner.run(0));
    }
  }
}
