package dev.reflex.hil;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lifecycle: a controller learns with one actor and leaves checkpoints; then a different actor is
 * deployed with {@code --actor} over the same state directory, with exploration off. The new actor
 * runs: every action the broker observer saw while the new actor's version 0 ran equals {@code
 * runtime.jar infer} of the new actor on the observation the observer saw with it (clamped to the
 * torque bounds, as the safety layer does). The old checkpoints are still on disk, in a dated
 * subdirectory, and the run says so in one line.
 */
@Tag("hil")
class RedeployScenarioTest {
  static final String SCENARIO = "lifecycle-redeploy";

  @Test
  void shouldRunTheNewActorAndKeepTheOldCheckpointsAside() throws Exception {
    try (HilRig rig =
        HilRig.open(
            SCENARIO,
            "redeploy a different actor over existing checkpoints: the new actor runs (actions"
                + " equal infer), old checkpoints kept aside")) {
      HilAssumptions.requireRunCommand(rig.layout(), SCENARIO);
      HilAssumptions.requirePendulumActor(rig.layout(), SCENARIO);
      Path newActor = rig.layout().actor("nominal/pendulum");
      ScenarioReport r = rig.report();
      r.check("a second shipped actor to deploy: " + newActor, Files.isRegularFile(newActor), "");
      String device = "hil-" + SCENARIO;
      rig.startBroker();
      TelemetryObserver observer = rig.observe(device);
      Path checkpoints = rig.work().resolve("checkpoints");
      HilConfig config = LifecycleRuns.learningConfig(rig, device, checkpoints, 2);
      ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("action").get(0))
          .put("rate_limit", 0);
      Path configFile = config.write(rig.work().resolve("pendulum-hil.yaml"));
      RigProcess plant = rig.startEmulator(rig.emulator().seed(12));

      LifecycleRuns.Run first = LifecycleRuns.run(rig, "runtime-1", configFile, "6s", List.of());
      r.check("first run exits 0", first.exit() == 0, "exit " + first.exit());
      List<Path> old = LifecycleRuns.checkpoints(checkpoints);
      r.atLeast("checkpoints of the first actor's lineage", old.size(), 1);
      r.figure(
          "first_lineage_checkpoints", old.stream().map(p -> p.getFileName().toString()).toList());

      config.set("learning.exploration.scale", 0);
      Path quiet = config.write(rig.work().resolve("pendulum-hil-no-exploration.yaml"));
      int seen = observer.size();
      Path report = rig.dir().resolve("runtime-2-report.json");
      RigProcess second =
          rig.startController(
              "runtime-2",
              new ControllerSpec(quiet)
                  .learning(true)
                  .seed(7)
                  .actor(newActor)
                  .duration("5s")
                  .report(report));
      int exit = second.awaitExit(Duration.ofSeconds(90));
      r.check("redeployed run exits 0", exit == 0, "exit " + exit);
      String err = second.stderr();
      long lineageLines = err.lines().filter(l -> l.contains("new lineage from actor")).count();
      r.check("one line says a new lineage started", lineageLines == 1, err);
      r.check(
          "it does not say it resumed the old checkpoint",
          !err.contains("learning on (from checkpoint"),
          err);
      JsonNode lineage = RuntimeReport.read(report).root().path("learning").path("lineage");
      r.figure("lineage", lineage.toString());
      r.check(
          "report: a new lineage (no resumed_from), the old one retired",
          lineage.path("resumed_from").isNull() && !lineage.path("retired_to").isNull(),
          lineage.toString());
      Path retired = Path.of(lineage.path("retired_to").asText("/nonexistent"));
      for (Path p : old) {
        Path kept = retired.resolve(p.getFileName());
        r.check(
            "old checkpoint still on disk: " + kept.getFileName(),
            Files.isRegularFile(kept) && ProcessKillScenarioTest.load(kept) == null,
            kept.toString());
      }
      r.check(
          "retired lineage is a dated subdirectory of the checkpoint directory",
          retired.getParent().equals(checkpoints)
              && retired.getFileName().toString().matches("lineage-\\d{8}-\\d{6}-.*"),
          retired.toString());
      boolean statusNamesLineage =
          observer.messages().stream()
              .skip(seen)
              .anyMatch(
                  m ->
                      m.on("status")
                          && m.text("state").equals("online")
                          && m.text("lineage_actor_sha256")
                              .equals(lineage.path("actor_sha256").asText())
                          && m.text("lineage_resumed_from").isEmpty());
      r.check("retained status names the new lineage (observer)", statusNamesLineage, "status");

      // the actions the observer saw while version 0 (the given actor) ran
      List<Observed> after = observer.messages().subList(seen, observer.size());
      long firstPublishMs = Long.MAX_VALUE;
      for (Observed m : after) {
        if (m.on("telemetry/learning") && m.number("actor_version") > 0) {
          firstPublishMs = Math.min(firstPublishMs, m.ts());
        }
      }
      // while the safety layer holds a fault (load-induced stalls) the plant gets the safe torque,
      // not the actor's: those samples (fault event −100 ms … faults cleared +100 ms) are left out
      List<long[]> held = new ArrayList<>();
      long heldFrom = -1;
      for (Observed m : after) {
        if (m.on("event") && m.text("kind").equals("fault") && heldFrom < 0) {
          heldFrom = m.ts() - 100;
        } else if (m.on("event") && m.text("message").equals("faults cleared") && heldFrom >= 0) {
          held.add(new long[] {heldFrom, m.ts() + 100});
          heldFrom = -1;
        }
      }
      if (heldFrom >= 0) {
        held.add(new long[] {heldFrom, Long.MAX_VALUE});
      }
      List<double[]> obs = new ArrayList<>();
      List<Double> acts = new ArrayList<>();
      int leftOut = 0;
      for (Observed m : after) {
        boolean inFault = false;
        for (long[] w : held) {
          inFault |= m.ts() >= w[0] && m.ts() <= w[1];
        }
        if (m.on("telemetry/signals") && inFault) {
          leftOut++;
          continue;
        }
        if (m.on("telemetry/signals") && m.ts() < firstPublishMs - 200) {
          obs.add(
              new double[] {
                m.number("obs_cos_theta"), m.number("obs_sin_theta"), m.number("obs_theta_dot")
              });
          acts.add(m.number("act_torque"));
        }
      }
      r.figure("signals_left_out_while_a_fault_was_held", leftOut);
      r.atLeast("signals observed while the new actor's version 0 ran", obs.size(), 50);
      StringBuilder csv = new StringBuilder();
      for (double[] o : obs) {
        csv.append(o[0]).append(',').append(o[1]).append(',').append(o[2]).append('\n');
      }
      Path input = Files.writeString(rig.work().resolve("observed.csv"), csv.toString());
      RigProcess infer =
          rig.runTool(
              "infer",
              List.of("infer", "--actor", newActor.toString(), "--input", input.toString()),
              Duration.ofSeconds(60));
      List<String> lines = infer.stdout().lines().filter(l -> !l.isBlank()).toList();
      r.check("infer answered every observation", lines.size() == obs.size(), lines.size() + "");
      int mismatches = 0;
      double worst = 0;
      for (int i = 0; i < Math.min(lines.size(), acts.size()); i++) {
        double expected = Math.max(-2.0, Math.min(2.0, Double.parseDouble(lines.get(i).trim())));
        double d = Math.abs(expected - acts.get(i));
        worst = Math.max(worst, d);
        mismatches += d > 1e-4 ? 1 : 0;
      }
      r.figure("max_abs_action_minus_infer_nm", worst);
      r.atMost("observed actions that differ from infer of the new actor", mismatches, 0);
      rig.sleepMs(300);
      plant.sigterm();
      plant.awaitExit(Duration.ofSeconds(15));
      Trajectory t = rig.trajectory();
      r.atLeast("emulator accepted frames (its record)", t.last("actuator_frames_accepted"), 500);
      rig.assertAllChecksPassed();
    }
  }
}
