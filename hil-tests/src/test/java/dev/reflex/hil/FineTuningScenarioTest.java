package dev.reflex.hil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 2: the emulated pendulum has viscous friction (0.3 N·m·s/rad) the actor never saw in
 * training. The emulator runs the pendulum at the step the actor was trained with (50 ms of plant
 * time per 10 ms frame, 5× faster than real time) and puts it back every 10 s of plant time, from
 * the same seeded states in both runs, like a test rig that resets the pendulum. Two runs with the
 * same seeds: learning off, then learning on from the actor's trainer networks with the paired
 * guard. Nobody intervenes: learning, exploring and the guard's evaluations stay on for the whole
 * run, as on a robot nobody watches; the comparison is the emulator's returns of the last {@value
 * #COMPARED} plant episodes both runs were in control for, the same episodes (same reset states) in
 * both runs, whichever actor the guard had in control then.
 */
@Tag("hil")
class FineTuningScenarioTest {
  static final String SCENARIO = "fine-tuning";
  static final double FRICTION = 0.3;
  static final double EPISODE_WALL_S = 2.0; // 10 s of plant time at 5x
  static final String RUN = "70s";
  static final int COMPARED = 8;
  static final double REQUIRED_GAIN = 0.25;

  @Test
  void shouldReturnMoreWithLearningOnThanOffOnTheSamePlantEpisodes() throws Exception {
    try (HilRig rig =
        HilRig.open(
            SCENARIO,
            "plant differs from training (friction="
                + FRICTION
                + "), resets every 10 s of plant time; same seeds, learning off vs on; emulator"
                + " returns of the last "
                + COMPARED
                + " plant episodes of the run, learning on throughout (no freeze command)")) {
      HilAssumptions.requireRunCommand(rig.layout(), SCENARIO);
      HilAssumptions.requirePendulumActor(rig.layout(), SCENARIO);
      ScenarioReport r = rig.report();
      rig.startBroker();
      Map<String, List<Double>> episodes = new LinkedHashMap<>();
      Map<String, List<Observed>> learning = new LinkedHashMap<>();
      Map<String, Long> rollbackEvents = new LinkedHashMap<>();
      Map<String, Trajectory> runs = new LinkedHashMap<>();
      for (boolean on : new boolean[] {false, true}) {
        String name = on ? "learning-on" : "learning-off";
        String device = "hil-" + SCENARIO + "-" + name;
        TelemetryObserver observer = rig.observe(device);
        HilConfig config =
            PendulumLearning.fineTuning(
                rig.pendulumConfig(device),
                rig.layout(),
                rig.work().resolve(name + "-checkpoints"));
        // this scenario compares learning, not the loop under load (the other scenarios): a
        // control-thread stall on a loaded machine must not end a run early by a controlled stop
        config.set("safety.faults_before_stop", 1000);
        // the paired guard: 3 pairs of incumbent and candidate episodes every 3 learning episodes
        config.set("learning.evaluation.episodes", 3);
        config.set("learning.evaluation.promote_level", 0.1);
        config.set("learning.evaluation.rollback_level", 0.05);
        Path configFile = config.write(rig.work().resolve(name + ".yaml"));
        RigProcess plant =
            rig.startEmulator(
                name,
                rig.emulator()
                    .seed(7)
                    .param("friction", FRICTION)
                    .dt("50ms")
                    .episode("10s")
                    .duration("150s"));
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
            controller.awaitExit(Duration.ofSeconds(90)) == 0,
            "exit code");
        rig.sleepMs(500);
        plant.sigterm();
        plant.awaitExit(Duration.ofSeconds(15));
        Trajectory t = rig.trajectory(name);
        runs.put(name, t);
        r.figure(name + ".control_start_s", t.controlStartS());
        r.figure(name + ".control_end_s", t.controlEndS());
        episodes.put(name, episodeReturns(rig.dir().resolve(name + ".summary.json")));
        learning.put(name, observer.on("telemetry/learning"));
        rollbackEvents.put(
            name,
            observer.on("event").stream().filter(m -> m.text("kind").equals("rollback")).count());
      }
      // the last plant episode both runs were in control for from its start to its end
      double controlEndS = Double.POSITIVE_INFINITY;
      for (Trajectory t : runs.values()) {
        controlEndS = Math.min(controlEndS, t.controlEndS());
      }
      int last = (int) Math.floor(controlEndS / EPISODE_WALL_S) - 1;
      int first = last - COMPARED + 1;
      r.figure("compared_episodes", first + ".." + last);
      Map<String, Double> window = new LinkedHashMap<>();
      for (var e : episodes.entrySet()) {
        Trajectory t = runs.get(e.getKey());
        r.atMost(
            e.getKey() + ": in control before the first compared episode began (emulator, s)",
            t.controlStartS(),
            first * EPISODE_WALL_S);
        r.atLeast(
            e.getKey() + ": in control until the last compared episode ended (emulator, s)",
            t.controlEndS(),
            (last + 1) * EPISODE_WALL_S);
        List<Double> ret = e.getValue();
        r.figure(e.getKey() + ".episode_returns", ret.toString());
        r.atLeast(e.getKey() + ": plant episodes recorded", ret.size(), last + 1);
        double sum = 0;
        for (int i = first; i <= last && i < ret.size(); i++) {
          sum += ret.get(i);
        }
        double mean = sum / COMPARED;
        window.put(e.getKey(), mean);
        r.figure(e.getKey() + ".mean_return_compared_episodes", mean);
      }
      List<Observed> onLearning = learning.get("learning-on");
      Observed latest = onLearning.isEmpty() ? null : onLearning.getLast();
      double updates = latest == null ? 0 : latest.number("updates");
      double actorVersion = latest == null ? 0 : latest.number("actor_version");
      double rollbacks = latest == null ? 0 : latest.number("rollbacks");
      r.figure("learning-on.updates", updates);
      r.figure("learning-on.actor_version", actorVersion);
      r.figure("learning-on.rollbacks", rollbacks);
      r.atLeast("learning on: learner updates (observer, telemetry/learning)", updates, 1000);
      r.atLeast("learning on: new actor versions published (observer)", actorVersion, 1);
      r.check(
          "learning on: exploring until the end, nobody froze it (observer)",
          latest != null && latest.number("exploration") > 0,
          String.valueOf(latest));
      r.atMost(
          "learning off: no telemetry/learning messages", learning.get("learning-off").size(), 0);
      r.check(
          "learning on: every rollback of the return guard was announced (events = counter)",
          rollbackEvents.get("learning-on") == (long) rollbacks,
          rollbackEvents.get("learning-on") + " rollback events, counter " + rollbacks);
      double off = window.get("learning-off");
      double on = window.get("learning-on");
      r.figure("return_gain_fraction", (on - off) / Math.abs(off));
      r.atLeast(
          "learning on returns more than learning off over plant episodes "
              + first
              + "-"
              + last
              + " (mean, emulator): gain as a fraction of |off|",
          (on - off) / Math.abs(off),
          REQUIRED_GAIN);
      ScenarioChart.writeEpisodeReturns(
          rig.dir().resolve("episode-returns.png"), SCENARIO, episodes, first, last);
      rig.assertAllChecksPassed();
    }
  }

  private static List<Double> episodeReturns(Path summary) throws java.io.IOException {
    JsonNode n = new ObjectMapper().readTree(summary.toFile()).path("episode_returns");
    List<Double> out = new ArrayList<>();
    n.forEach(v -> out.add(v.asDouble()));
    return out;
  }
}
