package dev.reflex.hil;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lifecycle: the learner thread throws (the test hook {@code
 * -Dreflex.test.learner-fails-after-updates}). The failure is loud and contained: an event, the
 * retained status's {@code learning} turns {@code failed} with the cause (the broker observer), the
 * loop goes on at its rate on the last good actor (telemetry/loop ticks and misses, and the frames
 * the emulator accepted after the failure), the report counts the failure and the exit status says
 * the run did not end healthy (4).
 */
@Tag("hil")
class LearnerFaultScenarioTest {
  static final String SCENARIO = "lifecycle-learner-fault";

  @Test
  void shouldReportAFailedLearnerAndKeepTheLoopRunning() throws Exception {
    try (HilRig rig =
        HilRig.open(
            SCENARIO,
            "learner fault injected: event, status learning=failed with the cause, loop"
                + " unaffected, counted, exit 4")) {
      HilAssumptions.requireRunCommand(rig.layout(), SCENARIO);
      HilAssumptions.requirePendulumActor(rig.layout(), SCENARIO);
      ScenarioReport r = rig.report();
      String device = "hil-" + SCENARIO;
      rig.startBroker();
      TelemetryObserver observer = rig.observe(device);
      Path checkpoints = rig.work().resolve("checkpoints");
      HilConfig config = LifecycleRuns.learningConfig(rig, device, checkpoints, 30);
      Path configFile = config.write(rig.work().resolve("pendulum-hil.yaml"));
      RigProcess plant = rig.startEmulator(rig.emulator().seed(31));
      LifecycleRuns.Run o =
          LifecycleRuns.run(
              rig,
              "runtime",
              configFile,
              "9s",
              List.of("-Dreflex.test.learner-fails-after-updates=300"));
      rig.sleepMs(300);
      plant.sigterm();
      plant.awaitExit(Duration.ofSeconds(15));

      r.check("exit 4: the run ended, not healthy", o.exit() == 4, "exit " + o.exit());
      r.check(
          "one line on stderr says the learner failed and why",
          o.stderr().lines().filter(l -> l.startsWith("reflex: learner thread failed")).count() == 1
              && o.stderr().contains("injected learner fault"),
          o.stderr());
      r.atLeast(
          "report counts the failure (learning.learner_failures)",
          o.learning().path("learner_failures").asLong(-1),
          1);
      r.check(
          "report: learning.state failed",
          o.learning().path("state").asText().equals("failed"),
          o.learning().toString());

      Observed event =
          observer.await(
              m -> m.on("event") && m.text("message").startsWith("learner-failed"),
              0,
              5000,
              "event learner-failed");
      r.figure("failure_event", event.body());
      Observed failed =
          observer.await(
              m -> m.on("status") && m.text("learning").equals("failed"),
              0,
              5000,
              "retained status with learning failed");
      r.check(
          "retained status names the cause (observer)",
          failed.text("learning_failure").contains("injected learner fault"),
          failed.body());
      List<Observed> loop = observer.on("telemetry/loop");
      List<Observed> afterFail =
          loop.stream().filter(m -> m.receivedMs() > event.receivedMs()).toList();
      r.atLeast("telemetry/loop after the failure (observer)", afterFail.size(), 2);
      if (afterFail.size() >= 2) {
        Observed a = afterFail.getFirst();
        Observed b = afterFail.getLast();
        double rateHz = (b.number("ticks") - a.number("ticks")) / ((b.ts() - a.ts()) / 1000.0);
        r.figure("loop_rate_after_failure_hz", rateHz);
        r.atLeast("loop rate after the failure (observer)", rateHz, 95);
        double ticks = b.number("ticks") - a.number("ticks");
        double misses = b.number("deadline_misses") - a.number("deadline_misses");
        r.figure("deadline_misses_after_failure", misses);
        r.atMost(
            "deadline misses after the failure ≤ 5 % of its ticks, as LoopChecks (observer)",
            misses, 0.05 * ticks);
      }
      Trajectory t = rig.trajectory();
      double failS = (event.receivedMs() - rig.plantZeroMs()) / 1000.0;
      double[] accepted = t.column("actuator_frames_accepted");
      int at = Math.min(t.indexAt(failS), t.rows() - 1);
      r.atLeast(
          "emulator accepted frames after the failure (its record)",
          t.last("actuator_frames_accepted") - accepted[at],
          100);
      LoopChecks.assertOnTime(rig, observer, config);
      rig.assertAllChecksPassed();
    }
  }
}
