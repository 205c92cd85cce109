package dev.reflex.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflex.plant.sim.CartPoleSwingUp;
import dev.reflex.plant.sim.Pendulum;
import dev.reflex.plant.sim.SimPlant;
import dev.reflex.plant.udp.FrameCodec;
import dev.reflex.plant.udp.UdpPlantIO;
import dev.reflex.plant.udp.UdpTestPorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlantEmulatorTest {
  private static final long PERIOD_NS = 10_000_000L;
  private static final long TIMEOUT_NS = 30_000_000L;

  @TempDir Path dir;
  private PlantEmulator emulator;
  private UdpPlantIO io;

  private void open(SimPlant plant, FaultSchedule faults, TrajectoryRecorder recorder)
      throws IOException {
    InetSocketAddress runtimeAddr = UdpTestPorts.freeLoopback();
    InetSocketAddress plantAddr = UdpTestPorts.freeLoopback();
    emulator =
        new PlantEmulator(
            plant, plantAddr, runtimeAddr, PERIOD_NS, TIMEOUT_NS, 5L, faults, recorder);
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

  /** The runtime sends {@code value}; the emulator takes it before its next tick. */
  private void command(double value, long nowNs) {
    long before = emulator.actuatorCounters().framesAccepted;
    io.write(new double[] {value}, nowNs);
    UdpTestPorts.await(
        () -> emulator.pollActuators(nowNs),
        () -> emulator.actuatorCounters().framesAccepted > before,
        "actuator frame");
  }

  @Test
  void shouldApplySensorFaultsOnlyWithinTheirWindow() throws IOException {
    open(
        new Pendulum(),
        new FaultSchedule(
            List.of(
                new Fault(EmulatedFaultKind.SENSOR_BIAS, 0.1, 0.2, 1.0, 0.5, null, 2),
                Fault.of(EmulatedFaultKind.FREEZE_SENSOR, 0.3, 0.4, 0.0),
                Fault.of(EmulatedFaultKind.SENSOR_NOISE, 0.5, 0.6, 0.1))),
        null);
    double[] frozen = null;
    for (int k = 0; k < 70; k++) {
      command(1.0, k * PERIOD_NS);
      emulator.tick(k * PERIOD_NS);
      double[] obs = emulator.observation();
      double[] sent = emulator.sentValues();
      if (k >= 10 && k < 20) {
        assertEquals(obs[2] + 0.5, sent[2], 1e-12, "bias on channel 2 at tick " + k);
        assertEquals(obs[0], sent[0], 0.0, "no bias on channel 0");
      } else if (k >= 30 && k < 40) {
        if (k == 30) {
          frozen = obs.clone();
        }
        assertArrayEquals(frozen, sent, "frozen at tick " + k);
        if (k > 30) {
          assertTrue(obs[2] != frozen[2], "the plant keeps moving");
        }
      } else if (k >= 50 && k < 60) {
        assertTrue(sent[2] != obs[2], "noise at tick " + k);
        assertEquals(obs[2], sent[2], 0.6);
      } else {
        assertArrayEquals(obs, sent, "clean at tick " + k);
      }
    }
  }

  @Test
  void shouldChangeAndRestoreAParameterAndFaultTheActuator() throws IOException {
    Pendulum plant = new Pendulum();
    open(
        plant,
        new FaultSchedule(
            List.of(
                Fault.setParameter(0.2, 0.4, "mass_kg", 2.0),
                Fault.of(EmulatedFaultKind.ACTUATOR_SATURATE, 0.1, 0.2, 0.5),
                Fault.of(EmulatedFaultKind.ACTUATOR_IGNORE, 0.3, 0.35, 0.0))),
        null);
    for (int k = 0; k < 50; k++) {
      long nowNs = k * PERIOD_NS;
      command(1.5, nowNs);
      emulator.tick(nowNs);
      double mass = plant.parameters().get("mass_kg");
      assertEquals(k >= 20 && k < 40 ? 2.0 : 1.0, mass, 0.0, "mass at tick " + k);
      double expected = k >= 10 && k < 20 ? 0.5 : k >= 30 && k < 35 ? 0.0 : 1.5;
      assertEquals(expected, emulator.appliedAction()[0], 0.0, "applied at tick " + k);
    }
    assertEquals(15, emulator.counters().actuatorFaulted);
  }

  @Test
  void shouldApplyZeroActionWhenCommandsStop() throws IOException {
    open(new Pendulum(), FaultSchedule.none(), null);
    command(1.0, 0);
    emulator.tick(0);
    assertEquals(1.0, emulator.appliedAction()[0], 0.0);
    emulator.tick(TIMEOUT_NS);
    assertEquals(1.0, emulator.appliedAction()[0], 0.0, "held within the timeout");
    emulator.tick(TIMEOUT_NS + PERIOD_NS);
    assertEquals(0.0, emulator.appliedAction()[0], 0.0, "zero after the timeout");
    assertEquals(1, emulator.counters().actuatorTimeouts);
  }

  @Test
  void shouldDelaySensorFramesOnTheEmulatorClock() throws IOException {
    open(
        new Pendulum(),
        new FaultSchedule(List.of(Fault.of(EmulatedFaultKind.DELAY, 0.0, 1.0, 25.0))),
        null);
    double[] sensors = new double[3];
    emulator.tick(0);
    emulator.tick(PERIOD_NS);
    emulator.tick(2 * PERIOD_NS);
    assertEquals(0, emulator.counters().sensorDatagramsSent, "all three still queued");
    emulator.releaseDelayed(25_000_000L);
    assertEquals(1, emulator.counters().sensorDatagramsSent, "frame 0 due at 25 ms");
    emulator.tick(3 * PERIOD_NS);
    assertEquals(1, emulator.counters().sensorDatagramsSent, "frame 1 due at 35 ms, not 30");
    emulator.releaseDelayed(35_000_000L);
    assertEquals(2, emulator.counters().sensorDatagramsSent, "frame 1 due at 35 ms");
    UdpTestPorts.await(
        () -> io.read(sensors, 3 * PERIOD_NS),
        () -> io.counters().framesReceived == 2,
        "delayed frames");
    assertEquals(1, io.newestSequence());
    assertEquals(PERIOD_NS, io.newestTimestampNs(), "stamped when generated, not when sent");
  }

  @Test
  void shouldResetATerminatedPlantAndFlagTheNewEpisode() throws IOException {
    CartPoleSwingUp plant = new CartPoleSwingUp();
    open(plant, FaultSchedule.none(), null);
    double[] sensors = new double[5];
    emulator.tick(0);
    plant.setState(2.5, 0.0, Math.PI, 0.0);
    emulator.tick(PERIOD_NS);
    UdpTestPorts.await(
        () -> io.read(sensors, PERIOD_NS), () -> io.newestSequence() == 1, "terminal frame");
    assertEquals(FrameCodec.FLAG_TERMINATED, io.newestFlags());
    assertEquals(2, emulator.counters().episodes);
    assertTrue(Math.abs(plant.positionM()) < 0.1, "reset after the terminal frame");
    emulator.tick(2 * PERIOD_NS);
    UdpTestPorts.await(
        () -> io.read(sensors, 2 * PERIOD_NS),
        () -> io.newestSequence() == 2,
        "first frame of the new episode");
    assertEquals(FrameCodec.FLAG_EPISODE_START, io.newestFlags());
  }

  @Test
  void shouldRecordTrajectoryAndSummary() throws IOException {
    Path csv = dir.resolve("traj.csv");
    Pendulum plant = new Pendulum();
    open(
        plant,
        new FaultSchedule(List.of(Fault.withProbability(EmulatedFaultKind.DROP, 0.05, 0.1, 1.0))),
        new TrajectoryRecorder(csv, plant.observationNames(), plant.actionNames()));
    double[] sensors = new double[3];
    for (int k = 0; k < 15; k++) {
      emulator.tick(k * PERIOD_NS);
      io.read(sensors, k * PERIOD_NS);
      command(0.25, k * PERIOD_NS);
    }
    emulator.close();
    Path json = dir.resolve("summary.json");
    emulator.writeSummary(json);
    List<String> lines = Files.readAllLines(csv);
    assertEquals(16, lines.size());
    assertTrue(
        lines
            .get(0)
            .startsWith(
                "time_s,cos_theta,sin_theta,theta_dot_rad_s,applied_torque_nm," + "reward,faults,"),
        lines.get(0));
    for (int k = 0; k < 15; k++) {
      String[] cols = lines.get(k + 1).split(",", -1);
      assertEquals(k * 0.01, Double.parseDouble(cols[0]), 1e-9);
      assertEquals(k >= 5 && k < 10 ? "drop" : "", cols[6], "faults at row " + k);
      if (k > 0) {
        assertEquals(0.25, Double.parseDouble(cols[4]), 0.0, "applied at row " + k);
      }
    }
    JsonNode s = new ObjectMapper().readTree(json.toFile());
    assertEquals("pendulum", s.get("plant").asText());
    assertEquals(5, s.get("sensor").get("dropped").asLong());
    assertEquals(15, s.get("sensor").get("sensor_frames_generated").asLong());
    assertEquals(emulator.totalReturn(), s.get("return").asDouble(), 1e-12);
    assertEquals(15, s.get("actuator").get("frames_accepted").asLong());
    assertEquals("drop", s.get("faults").get(0).get("type").asText());
  }
}
