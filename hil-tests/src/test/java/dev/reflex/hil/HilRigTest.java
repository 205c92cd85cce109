package dev.reflex.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflex.plant.udp.UdpPlantIO;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The rig itself, without the runtime's {@code run} command: the real emulator process with a fault
 * schedule, a stand-in controller in this JVM ({@link UdpPlantIO}, a plain damping law), a real
 * broker and the observer; the report, chart and message log are written; a failed check fails
 * {@link HilRig#finish} with the processes' output.
 */
@Tag("hil")
class HilRigTest {

  @Test
  void shouldRecordTheEmulatorAndTheObserverAndWriteTheReport() throws Exception {
    Path dir;
    try (HilRig rig = HilRig.open("rig-self-test", "the rig with a stand-in controller")) {
      dir = rig.dir();
      rig.startBroker();
      TelemetryObserver observer = rig.observe("hil-self");
      Path faults = rig.work().resolve("faults.json");
      Files.writeString(
          faults, "[{\"type\":\"drop\",\"start_s\":1.0,\"end_s\":1.5,\"probability\":1}]");
      RigProcess plant = rig.startEmulator(rig.emulator().seed(3).faults(faults).duration("3s"));
      rig.eventAt("drop", 1.0);
      try (UdpPlantIO io =
          new UdpPlantIO(
              new String[] {"cos_theta", "sin_theta", "theta_dot_rad_s"},
              new String[] {"torque_nm"},
              new InetSocketAddress("127.0.0.1", rig.controllerPort()),
              new InetSocketAddress("127.0.0.1", rig.plantPort()),
              30_000_000L)) {
        double[] sensors = new double[3];
        double[] torque = new double[1];
        long end = System.nanoTime() + 2_000_000_000L;
        int tick = 0;
        while (System.nanoTime() < end) {
          io.read(sensors, System.nanoTime());
          torque[0] = Math.max(-2, Math.min(2, -0.5 * sensors[2]));
          io.write(torque, System.nanoTime());
          if (tick++ % 50 == 0) {
            observer.publish(
                "reflex/hil-self/telemetry/loop",
                "{\"ts\":"
                    + System.currentTimeMillis()
                    + ",\"ticks\":"
                    + tick
                    + ",\"deadline_misses\":0,\"lateness_p99_us\":"
                    + (100 + tick)
                    + ",\"lateness_max_us\":"
                    + (200 + tick)
                    + "}",
                0,
                false);
          }
          Thread.sleep(10);
        }
      }
      assertEquals(0, plant.awaitExit(Duration.ofSeconds(20)));
      Trajectory t = rig.trajectory();
      ScenarioReport r = rig.report();
      r.atLeast("emulator rows (3 s at 100 Hz)", t.rows(), 250);
      r.check("controller start seen", !Double.isNaN(t.controlStartS()), "" + t.controlStartS());
      long dropped = java.util.Arrays.stream(t.faults()).filter(f -> f.contains("drop")).count();
      r.atLeast("rows with the drop fault active (0.5 s)", dropped, 45);
      r.atLeast("observer received the loop reports", observer.on("telemetry/loop").size(), 3);
      rig.assertAllChecksPassed();
    }
    JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertTrue(report.get("passed").asBoolean(), report.toString());
    assertEquals(4, report.get("checks").size());
    assertTrue(Files.size(dir.resolve("trajectory.png")) > 10_000, "chart written");
    assertTrue(Files.readString(dir.resolve("mqtt.jsonl")).contains("telemetry/loop"));
    assertTrue(Files.readString(dir.resolve("plant.out.log")).contains("listening on"));
  }

  @Test
  void shouldFailWithEveryFailedCheckAndTheProcessOutput() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> {
              try (HilRig rig = HilRig.open("rig-self-test-failing", "a failing check")) {
                rig.startEmulator(rig.emulator().duration("1s"));
                rig.report().atMost("an impossible bound", 2, 1);
                rig.report().atLeast("a satisfied bound", 2, 1);
                rig.assertAllChecksPassed();
              }
            });
    assertTrue(e.getMessage().contains("FAILED an impossible bound: 2 <= 1"), e.getMessage());
    assertTrue(!e.getMessage().contains("FAILED a satisfied bound"), e.getMessage());
    assertTrue(e.getMessage().contains("plant pendulum listening on"), e.getMessage());
  }

  @Test
  void shouldKillProcessesStillRunningOnClose() {
    RigProcess plant;
    try (HilRig rig = HilRig.open("rig-self-test-close", "close kills")) {
      plant = rig.startEmulator(rig.emulator());
      assertTrue(plant.alive());
    }
    assertTrue(!plant.alive(), "emulator killed by close()");
    List<String> none = List.of();
    assertEquals(none, List.of());
  }
}
