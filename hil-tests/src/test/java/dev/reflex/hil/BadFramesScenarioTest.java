package dev.reflex.hil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 5: the emulator corrupts, mis-versions, reorders and duplicates a fraction of its sensor
 * frames in successive windows. The controller must count each kind (its report) at least as often
 * as the emulator produced it (the emulator's summary), and never use them: the trajectory stays
 * sane through every window.
 */
@Tag("hil")
class BadFramesScenarioTest {
  static final String SCENARIO = "bad-frames";
  static final double P = 0.1;

  @Test
  void shouldRejectAndCountBadFramesAndNeverUseThem() throws Exception {
    try (HilRig rig =
        HilRig.open(
            SCENARIO,
            "corrupt, wrong-version, reordered and duplicate sensor frames (10 % each, 2 s windows):"
                + " rejected, counted, never used")) {
      HilAssumptions.requireRunCommand(rig.layout(), SCENARIO);
      HilAssumptions.requirePendulumActor(rig.layout(), SCENARIO);
      ScenarioReport r = rig.report();
      String device = "hil-" + SCENARIO;
      rig.startBroker();
      TelemetryObserver observer = rig.observe(device);
      HilConfig config = rig.pendulumConfig(device);
      Path configFile = config.write(rig.work().resolve("pendulum-hil.yaml"));
      Path faults = rig.work().resolve("faults.json");
      String[] kinds = {"corrupt", "wrong_version", "reorder", "duplicate"};
      double from = 10.0;
      StringBuilder json = new StringBuilder("{\"faults\":[");
      for (int i = 0; i < kinds.length; i++) {
        double s = from + 2 * i;
        json.append(i == 0 ? "" : ",")
            .append("{\"type\":\"")
            .append(kinds[i])
            .append("\",\"start_s\":")
            .append(s)
            .append(",\"end_s\":")
            .append(s + 2)
            .append(",\"probability\":")
            .append(P)
            // Isolated bad frames: two in a row at 100 Hz leave the newest valid sample 20-30 ms
            // old, at the 30 ms stale timeout, and safety then rightly holds the safe action. That
            // is sensor loss (SensorLossScenarioTest), not what this scenario checks: with the
            // seed's draws it ended the run in a controlled stop on 6 pairs of corrupt frames.
            .append(",\"max_run\":1")
            .append('}');
        rig.eventAt(kinds[i], s);
      }
      Files.writeString(faults, json.append("]}").toString());
      RigProcess plant = rig.startEmulator(rig.emulator().seed(5).faults(faults).duration("120s"));
      Path runtimeReport = rig.dir().resolve("runtime-report.json");
      RigProcess controller =
          rig.startController(
              "runtime",
              new ControllerSpec(configFile).duration("18s").seed(5).report(runtimeReport));
      int exit = controller.awaitExit(Duration.ofSeconds(60));
      r.check("controller exits 0", exit == 0, "exit " + exit);
      rig.sleepMs(500);
      plant.sigterm();
      plant.awaitExit(Duration.ofSeconds(15));

      Trajectory t = rig.trajectory();
      double start = t.controlStartS();
      double end = t.controlEndS();
      r.figure("control_start_s", start);
      r.atMost("controller up before the first bad frame", start, from - 1);
      double worst = t.maxAbs(t.pendulumAngleRad(), from, from + 8);
      double before = t.maxAbs(t.pendulumAngleRad(), from - 1, from);
      r.figure("max_abs_angle_before_rad", before);
      r.figure("max_abs_angle_during_bad_frames_rad", worst);
      r.check(
          "angle during the bad-frame windows stays near upright (emulator record)",
          worst <= Math.max(before, 0.2) + 0.1,
          ScenarioReport.fmt(worst) + " vs before " + ScenarioReport.fmt(before));
      r.atLeast("controller ran through all windows", end, from + 8);

      // what the emulator did (its summary, written when it stops on SIGTERM)
      Path summaryFile = rig.dir().resolve("plant.summary.json");
      r.check("emulator wrote its summary", Files.isRegularFile(summaryFile), "plant.summary.json");
      JsonNode sensor = new ObjectMapper().readTree(summaryFile.toFile()).path("sensor");
      double corrupted = sensor.path("corrupted").asDouble();
      double wrongVersion = sensor.path("wrong_version").asDouble();
      double reordered = sensor.path("reordered").asDouble();
      double duplicated = sensor.path("duplicated").asDouble();
      r.figure("emulator.corrupted", corrupted);
      r.figure("emulator.wrong_version", wrongVersion);
      r.figure("emulator.reordered", reordered);
      r.figure("emulator.duplicated", duplicated);
      for (double n : new double[] {corrupted, wrongVersion, reordered, duplicated}) {
        r.atLeast("emulator produced bad frames of each kind", n, 5);
      }
      // what the controller counted (its --report at exit)
      RuntimeReport rr = RuntimeReport.read(runtimeReport);
      r.check("controller wrote its report", rr.present(), String.valueOf(runtimeReport));
      double rCorrupt = rr.number("corrupt");
      double rWrong = rr.number("wrong_version", "wrongVersion");
      double rLate = rr.number("late");
      double rDup = rr.number("duplicates");
      r.figure("controller.corrupt", rCorrupt);
      r.figure("controller.wrong_version", rWrong);
      r.figure("controller.late", rLate);
      r.figure("controller.duplicates", rDup);
      r.check(
          "corrupt frames counted = emulator's",
          rCorrupt == corrupted,
          rCorrupt + " vs " + corrupted);
      r.check(
          "wrong-version frames counted = emulator's",
          rWrong == wrongVersion,
          rWrong + " vs " + wrongVersion);
      r.atLeast("reordered frames counted as late", rLate, reordered);
      r.atLeast("duplicates counted", rDup, duplicated);
      r.note(
          "Counts compare frames the emulator generated before the controller started too;"
              + " the bad-frame windows start after the controller is up, so they are equal.");
      rig.assertAllChecksPassed();
    }
  }
}
