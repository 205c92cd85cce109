package dev.reflex.hil;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 1: the shipped pendulum actor, in the shipped HIL config, swings the emulated pendulum
 * up and holds it; the loop stays on time; a remote user sees status, meta, loop and signals.
 */
@Tag("hil")
class ClosedLoopScenarioTest {
  static final String SCENARIO = "closed-loop";
  static final double HOLD_LIMIT_RAD = 0.2;
  static final double HOLD_WINDOW_S = 3.0;

  @Test
  void shouldSwingUpAndHoldThePendulumOnTime() throws Exception {
    try (HilRig rig =
        HilRig.open(
            SCENARIO,
            "shipped actor + pendulum-hil.yaml against the UDP pendulum emulator and a real broker:"
                + " swing-up and hold, loop timing, telemetry seen by a remote observer")) {
      HilAssumptions.requireRunCommand(rig.layout(), SCENARIO);
      HilAssumptions.requirePendulumActor(rig.layout(), SCENARIO);
      ScenarioReport r = rig.report();
      String device = "hil-" + SCENARIO;
      rig.startBroker();
      TelemetryObserver observer = rig.observe(device);
      HilConfig config = rig.pendulumConfig(device);
      Path configFile = config.write(rig.work().resolve("pendulum-hil.yaml"));
      // the emulator runs until stopped: JVM start-up under load is not bounded
      RigProcess plant = rig.startEmulator(rig.emulator().seed(1).duration("120s"));
      Path runtimeReport = rig.dir().resolve("runtime-report.json");
      RigProcess controller =
          rig.startController(
              "runtime",
              new ControllerSpec(configFile).duration("12s").seed(1).report(runtimeReport));
      int exit = controller.awaitExit(Duration.ofSeconds(60));
      rig.sleepMs(1500); // last telemetry and the emulator's tail
      plant.sigterm();
      plant.awaitExit(Duration.ofSeconds(15));
      r.check("controller exits 0 after --duration", exit == 0, "exit " + exit);

      Trajectory t = rig.trajectory();
      double start = t.controlStartS();
      double end = t.controlEndS();
      r.figure("control_start_s", start);
      r.figure("control_end_s", end);
      r.figure("emulator_return", t.sum(t.column("reward"), start, end));
      double held = t.maxAbs(t.pendulumAngleRad(), end - HOLD_WINDOW_S, end);
      r.figure("max_abs_angle_last_3s_rad", held);
      r.atLeast("controller ran at least 10 s (emulator record)", end - start, 10.0);
      r.atMost("|angle| over the last 3 s of control (emulator record)", held, HOLD_LIMIT_RAD);

      LoopChecks.assertOnTime(rig, observer, config);

      List<Observed> status = observer.on("status");
      r.check(
          "observer saw status online",
          status.stream().anyMatch(m -> m.text("state").equals("online")),
          status.size() + " status messages");
      r.check(
          "observer saw status offline after the clean exit",
          !status.isEmpty() && status.getLast().text("state").equals("offline"),
          status.isEmpty() ? "none" : "last: " + status.getLast().body());
      r.atLeast("observer saw meta", observer.on("meta").size(), 1);
      r.atLeast("telemetry/loop messages (1 Hz, 12 s)", observer.on("telemetry/loop").size(), 8);
      r.atLeast(
          "telemetry/signals messages (20 Hz, 12 s)", observer.on("telemetry/signals").size(), 150);
      RuntimeReport rr = RuntimeReport.read(runtimeReport);
      r.figure("runtime_report_present", rr.present());
      r.figure("runtime_report_ticks", rr.number("ticks"));
      rig.assertAllChecksPassed();
    }
  }
}
