package dev.reflex.hil;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 2: the emulated pendulum is heavier than the one the actor was trained on (mass 1.3 kg
 * instead of 1 kg). Two runs with the same seeds, learning off then learning on; the emulator's
 * recorded rewards over the last window of each are compared.
 */
@Tag("hil")
class FineTuningScenarioTest {
  static final String SCENARIO = "fine-tuning";
  static final double MASS_KG = 1.3;
  static final String RUN = "20s";
  static final double WINDOW_S = 5.0;

  @Test
  void shouldDoBetterWithLearningOnThanOffOnAChangedPlant() throws Exception {
    try (HilRig rig =
        HilRig.open(
            SCENARIO,
            "plant differs from training (mass_kg="
                + MASS_KG
                + "); same seeds, learning off vs on; emulator rewards over the last "
                + WINDOW_S
                + " s")) {
      HilAssumptions.requireRunCommand(rig.layout(), SCENARIO);
      HilAssumptions.requirePendulumActor(rig.layout(), SCENARIO);
      ScenarioReport r = rig.report();
      rig.startBroker();
      Map<String, Trajectory> runs = new LinkedHashMap<>();
      Map<String, List<Observed>> learning = new LinkedHashMap<>();
      for (boolean on : new boolean[] {false, true}) {
        String name = on ? "learning-on" : "learning-off";
        String device = "hil-" + SCENARIO + "-" + name;
        TelemetryObserver observer = rig.observe(device);
        HilConfig config =
            PendulumLearning.apply(
                rig.pendulumConfig(device), rig.work().resolve(name + "-checkpoints"), 5);
        Path configFile = config.write(rig.work().resolve(name + ".yaml"));
        rig.startEmulator(name, rig.emulator().seed(7).param("mass_kg", MASS_KG).duration("26s"));
        RigProcess controller =
            rig.startController(
                "runtime-" + name,
                new ControllerSpec(configFile)
                    .duration(RUN)
                    .learning(on)
                    .seed(7)
                    .report(rig.dir().resolve("runtime-report-" + name + ".json")));
        r.check(
            name + ": controller exits 0",
            controller.awaitExit(Duration.ofSeconds(60)) == 0,
            "exit code");
        rig.sleepMs(1000);
        runs.put(name, rig.trajectory(name));
        learning.put(name, observer.on("telemetry/learning"));
      }
      Map<String, Double> returns = new LinkedHashMap<>();
      for (var e : runs.entrySet()) {
        Trajectory t = e.getValue();
        double end = t.controlEndS();
        double window = t.sum(t.column("reward"), end - WINDOW_S, end);
        returns.put(e.getKey(), window);
        r.figure(e.getKey() + ".return_last_window", window);
        r.figure(e.getKey() + ".return_total", t.sum(t.column("reward"), t.controlStartS(), end));
        r.figure(
            e.getKey() + ".max_abs_angle_last_window_rad",
            t.maxAbs(t.pendulumAngleRad(), end - WINDOW_S, end));
      }
      List<Observed> onLearning = learning.get("learning-on");
      double updates = onLearning.isEmpty() ? 0 : onLearning.getLast().number("updates");
      double actorVersion = onLearning.isEmpty() ? 0 : onLearning.getLast().number("actor_version");
      r.figure("learning-on.updates", updates);
      r.figure("learning-on.actor_version", actorVersion);
      r.atLeast("learning on: learner updates (observer, telemetry/learning)", updates, 1000);
      r.atLeast("learning on: new actor versions published (observer)", actorVersion, 1);
      r.atMost(
          "learning off: no telemetry/learning messages", learning.get("learning-off").size(), 0);
      double off = returns.get("learning-off");
      double on = returns.get("learning-on");
      double gain = on - off;
      r.figure("return_gain_last_window", gain);
      r.figure("return_gain_fraction", gain / Math.abs(off));
      r.check(
          "learning on does measurably better over the last " + WINDOW_S + " s (emulator rewards)",
          gain >= 0.05 * Math.abs(off),
          "on "
              + ScenarioReport.fmt(on)
              + " vs off "
              + ScenarioReport.fmt(off)
              + " (need ≥ 5 % of |off| better)");
      ScenarioChart.writeComparison(rig.dir().resolve("learning-off-vs-on.png"), SCENARIO, runs);
      rig.finish();
    }
  }
}
