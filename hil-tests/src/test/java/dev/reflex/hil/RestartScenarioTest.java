package dev.reflex.hil;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lifecycle: the controller is restarted five times on the same state directory with learning on
 * (each run ends by its --duration, writing its final checkpoint). Every restart resumes the
 * lineage: no rollback from numbers the new run has not produced yet (the broker observer's
 * telemetry/learning and every report), updates and actor versions continue across restarts
 * (monotonic in what the observer saw), the replay buffer is kept, and the plant emulator takes
 * frames from every run.
 */
@Tag("hil")
class RestartScenarioTest {
  static final String SCENARIO = "lifecycle-restart";
  static final int RESTARTS = 5;

  @Test
  void shouldResumeFiveTimesWithoutFalseRollbacksAndWithUpdatesContinuing() throws Exception {
    try (HilRig rig =
        HilRig.open(
            SCENARIO,
            "restart x5 with learning on: zero false rollbacks, updates and actor versions"
                + " continue, replay kept")) {
      HilAssumptions.requireRunCommand(rig.layout(), SCENARIO);
      HilAssumptions.requirePendulumActor(rig.layout(), SCENARIO);
      ScenarioReport r = rig.report();
      String device = "hil-" + SCENARIO;
      rig.startBroker();
      TelemetryObserver observer = rig.observe(device);
      Path checkpoints = rig.work().resolve("checkpoints");
      HilConfig config = LifecycleRuns.learningConfig(rig, device, checkpoints, 30);
      Path configFile = config.write(rig.work().resolve("pendulum-hil.yaml"));
      RigProcess plant = rig.startEmulator(rig.emulator().seed(11));

      List<Double> startS = new ArrayList<>();
      long prevUpdates = -1;
      long prevVersion = -1;
      long prevReplay = -1;
      for (int run = 0; run <= RESTARTS; run++) {
        startS.add(rig.event("run " + run));
        LifecycleRuns.Run o = LifecycleRuns.run(rig, "runtime-" + run, configFile, "8s", List.of());
        var l = o.learning();
        long updates = l.path("updates").asLong(-1);
        long version = l.path("actor_version").asLong(-1);
        long replay = l.path("replay_size").asLong(-1);
        long rollbacks = l.path("rollbacks").asLong(-1);
        r.figure("run_" + run + ".updates", updates);
        r.figure("run_" + run + ".actor_updates", l.path("actor_updates").asLong(-1));
        r.figure("run_" + run + ".actor_version", version);
        r.figure("run_" + run + ".replay_size", replay);
        r.figure("run_" + run + ".rollbacks", rollbacks);
        r.figure("run_" + run + ".started_from", l.path("started_from").asText());
        r.check("run " + run + " exits 0 (healthy)", o.exit() == 0, "exit " + o.exit());
        r.atMost("run " + run + ": rollbacks (report)", rollbacks, 0);
        r.check(
            "run " + run + ": no rollback event in its output",
            !o.stderr().contains("rollback:"),
            "stderr");
        if (run > 0) {
          r.check(
              "run " + run + " resumed its lineage (report learning.lineage.resumed_from)",
              !l.path("lineage").path("resumed_from").isNull()
                  && l.path("lineage").path("resumed_from").asText().contains("checkpoint-"),
              l.path("lineage").toString());
          r.atLeast(
              "run " + run + ": updates continue past the previous run's",
              updates,
              prevUpdates + 1);
          r.atLeast(
              "run " + run + ": actor version past the previous run's", version, prevVersion + 1);
          r.atLeast(
              "run " + run + ": replay kept (at least the previous run's)", replay, prevReplay);
        } else {
          r.check(
              "run 0 started a new lineage",
              l.path("lineage").path("resumed_from").isNull(),
              l.path("lineage").toString());
        }
        if (run == RESTARTS - 1) {
          r.atLeast(
              "the actor had learned before the last restart (the resumed state holds actor"
                  + " updates, the case that rolled back every update)",
              l.path("actor_updates").asLong(-1),
              1);
        }
        prevUpdates = updates;
        prevVersion = version;
        prevReplay = replay;
      }
      rig.sleepMs(500);
      plant.sigterm();
      plant.awaitExit(java.time.Duration.ofSeconds(15));

      // What the broker observer saw, across all six runs
      List<Observed> learning = observer.on("telemetry/learning");
      r.atLeast("telemetry/learning messages observed", learning.size(), 10);
      long maxRollbacks = 0;
      long lastUpdates = -1;
      long lastVersion = -1;
      int updateDecreases = 0;
      int versionDecreases = 0;
      for (Observed m : learning) {
        maxRollbacks = Math.max(maxRollbacks, (long) m.number("rollbacks"));
        long u = (long) m.number("updates");
        long v = (long) m.number("actor_version");
        updateDecreases += u < lastUpdates ? 1 : 0;
        versionDecreases += v < lastVersion ? 1 : 0;
        lastUpdates = Math.max(lastUpdates, u);
        lastVersion = Math.max(lastVersion, v);
      }
      r.atMost("rollbacks in any telemetry/learning (observer)", maxRollbacks, 0);
      r.atMost("updates going backwards across restarts (observer)", updateDecreases, 0);
      r.atMost("actor versions going backwards across restarts (observer)", versionDecreases, 0);
      long rollbackEvents =
          observer.on("event").stream().filter(m -> m.text("kind").equals("rollback")).count();
      r.atMost("rollback events (observer)", rollbackEvents, 0);
      long onlineStatuses =
          observer.on("status").stream().filter(m -> m.text("state").equals("online")).count();
      r.atLeast("status online once per run (observer)", onlineStatuses, RESTARTS + 1);

      // What the plant recorded: frames accepted from every run
      Trajectory t = rig.trajectory();
      double[] accepted = t.column("actuator_frames_accepted");
      for (int run = 0; run <= RESTARTS; run++) {
        double from = startS.get(run);
        double to = run < RESTARTS ? startS.get(run + 1) : t.endS();
        int a = Math.min(t.indexAt(from), t.rows() - 1);
        int b = Math.min(t.indexAt(to), t.rows() - 1);
        r.atLeast(
            "emulator accepted frames from run " + run + " (its record)",
            accepted[b] - accepted[a],
            100);
      }
      rig.assertAllChecksPassed();
    }
  }
}
