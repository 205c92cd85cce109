package dev.reflex.hil;

import dev.reflex.format.Safetensors;
import dev.reflex.learning.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 6: the controller is killed with SIGKILL while learning, then started again: it resumes
 * from the newest valid checkpoint, and every checkpoint file left behind is complete and loadable.
 * Then it is stopped with SIGTERM: the emulator receives the safe torque, a final checkpoint is
 * written, and the retained status goes offline.
 */
@Tag("hil")
class ProcessKillScenarioTest {
  static final String SCENARIO = "process-kill";
  static final int KILL_AFTER_TICKS = 1100;

  @Test
  void shouldResumeFromTheLastValidCheckpointAndStopSafelyOnSigterm() throws Exception {
    try (HilRig rig =
        HilRig.open(
            SCENARIO,
            "SIGKILL during learning, restart resumes from the newest valid checkpoint; SIGTERM:"
                + " safe torque, final checkpoint, status offline")) {
      HilAssumptions.requireRunCommand(rig.layout(), SCENARIO);
      HilAssumptions.requirePendulumActor(rig.layout(), SCENARIO);
      ScenarioReport r = rig.report();
      String device = "hil-" + SCENARIO;
      rig.startBroker();
      TelemetryObserver observer = rig.observe(device);
      Path checkpoints = rig.work().resolve("checkpoints");
      HilConfig config = PendulumLearning.apply(rig.pendulumConfig(device), checkpoints, 2);
      Path configFile = config.write(rig.work().resolve("pendulum-hil.yaml"));
      double safe = config.get("action").get(0).path("safe").asDouble(0.0);
      // the emulator holds the last torque for 60 s: only a frame can make it safe
      RigProcess plant = rig.startEmulator(rig.emulator().seed(6).actuatorTimeout("60s"));

      RigProcess first =
          rig.startController("runtime-1", new ControllerSpec(configFile).learning(true).seed(6));
      List<Path> before = awaitCheckpoints(checkpoints, 2, 40_000, first);
      // The plant tells a restarted sender from a late frame by its sequence number falling more
      // than 1000 below the newest (docs/udp-frames.md): a controller killed before it sent 1000
      // actuator frames and restarted at once has its frames discarded as "late" until it
      // overtakes its previous incarnation. Kill it after that, as on a board that ran a while.
      Observed ticks =
          observer.await(
              m -> m.on("telemetry/loop") && m.number("ticks") >= KILL_AFTER_TICKS,
              0,
              60_000,
              "telemetry/loop with ticks ≥ " + KILL_AFTER_TICKS);
      r.figure("ticks_before_kill", ticks.number("ticks"));
      rig.sleepMs(300);
      long killMs = System.currentTimeMillis();
      rig.event("SIGKILL");
      first.sigkill();
      first.awaitExit(Duration.ofSeconds(10));
      r.figure("checkpoints_before_kill", names(before));
      Observed will =
          observer.await(
              m -> m.on("status") && m.receivedMs() >= killMs && m.text("state").equals("offline"),
              0,
              15_000,
              "status offline (the will) after SIGKILL");
      r.check("status offline (the broker's will) after SIGKILL (observer)", true, will.body());

      List<Path> all = list(checkpoints);
      r.figure("checkpoint_dir_after_kill", names(all));
      Path newestValid = null;
      for (Path f : all) {
        String name = f.getFileName().toString();
        if (name.startsWith(".")) {
          r.check(
              "leftover hidden temp file is not under a checkpoint name: " + name,
              name.endsWith(".tmp"),
              name);
          continue;
        }
        String problem = load(f);
        r.check("complete, loadable checkpoint: " + name, problem == null, String.valueOf(problem));
        if (problem == null) {
          newestValid = f;
        }
      }
      r.check(
          "a valid checkpoint exists after SIGKILL", newestValid != null, names(all).toString());
      String resumeName = newestValid == null ? "?" : newestValid.getFileName().toString();
      r.figure("newest_valid_checkpoint", resumeName);

      int seen = observer.size();
      long restartMs = System.currentTimeMillis();
      RigProcess second =
          rig.startController("runtime-2", new ControllerSpec(configFile).learning(true).seed(6));
      double restartS = rig.event("restart");
      long end = System.currentTimeMillis() + 30_000;
      boolean saysResumed = false;
      while (!saysResumed && System.currentTimeMillis() < end && second.alive()) {
        String out = second.stdout() + second.stderr();
        saysResumed =
            out.contains(resumeName)
                || observer.messages().stream()
                    .skip(seen)
                    .anyMatch(m -> m.on("event") && m.body().contains(resumeName));
        rig.sleepMs(200);
      }
      r.check(
          "restart says it resumed from " + resumeName + " (its log or an event)",
          saysResumed,
          "searched runtime-2 output and events");
      observer.await(
          m -> m.on("telemetry/loop") && m.receivedMs() > restartMs,
          0,
          20_000,
          "telemetry/loop from the restarted controller");
      rig.sleepMs(3000);

      long termMs = System.currentTimeMillis();
      double termS = rig.event("SIGTERM");
      second.sigterm();
      int exit = second.awaitExit(Duration.ofSeconds(15));
      r.check("SIGTERM: controller exits 0", exit == 0, "exit " + exit);
      Observed offline =
          observer.await(
              m -> m.on("status") && m.receivedMs() >= termMs && m.text("state").equals("offline"),
              0,
              10_000,
              "status offline after SIGTERM");
      r.check("status offline after SIGTERM (observer)", true, offline.body());
      List<Path> after = list(checkpoints);
      r.figure("checkpoint_dir_after_sigterm", names(after));
      Path last =
          after.stream()
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .reduce((a, b) -> b)
              .orElse(null);
      long writtenMs = -1;
      if (last != null && load(last) == null) {
        writtenMs =
            Long.parseLong(
                Safetensors.read(last).metadata().getOrDefault("reflex.written_at_ms", "-1"));
      }
      r.figure("final_checkpoint", last == null ? "none" : last.getFileName().toString());
      r.atLeast(
          "final checkpoint written after the SIGTERM (its reflex.written_at_ms)",
          writtenMs,
          termMs);

      rig.sleepMs(1000);
      plant.sigterm();
      plant.awaitExit(Duration.ofSeconds(15));
      Trajectory t = rig.trajectory();
      double[] time = t.timeS();
      double[] torque = t.column("applied_torque_nm");
      int from = t.indexAt(termS);
      int safeAt = -1;
      for (int i = from; i < t.rows(); i++) {
        if (torque[i] == safe) {
          safeAt = i;
          break;
        }
      }
      double[] accepted = t.column("actuator_frames_accepted");
      double acceptedAtRestart = accepted[Math.min(t.indexAt(restartS), t.rows() - 1)];
      double acceptedAtTerm = accepted[Math.min(from, t.rows() - 1)];
      r.atLeast(
          "emulator accepted frames from the restarted controller (its record)",
          acceptedAtTerm - acceptedAtRestart,
          100);
      r.figure("safe_torque_at_s", safeAt < 0 ? Double.NaN : time[safeAt]);
      r.check("emulator received the safe torque after SIGTERM", safeAt >= 0, "safe = " + safe);
      int notSafe = 0;
      for (int i = Math.max(safeAt, from); safeAt >= 0 && i < t.rows(); i++) {
        notSafe += torque[i] == safe ? 0 : 1;
      }
      r.atMost("torque stays safe until the end of the record", notSafe, 0);
      int killRow = t.indexAt((killMs - rig.plantZeroMs()) / 1000.0 + 0.5);
      if (killRow < t.rows()) {
        r.figure("torque_held_after_sigkill", torque[killRow]);
        r.note(
            "After SIGKILL nothing can send the safe torque: the emulator holds the last frame's"
                + " torque (figure torque_held_after_sigkill) until its actuator timeout; a board"
                + " needs a hardware watchdog for that case.");
      }
      rig.assertAllChecksPassed();
    }
  }

  static List<Path> awaitCheckpoints(Path dir, int count, long timeoutMs, RigProcess p)
      throws IOException {
    long end = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < end) {
      List<Path> cs =
          list(dir).stream()
              .filter(f -> f.getFileName().toString().endsWith(".safetensors"))
              .filter(f -> !f.getFileName().toString().startsWith("."))
              .toList();
      if (cs.size() >= count) {
        return cs;
      }
      if (!p.alive()) {
        throw new AssertionError("controller exited before writing checkpoints\n" + p.describe());
      }
      RigProcess.sleepMs(200);
    }
    throw new AssertionError(
        "fewer than "
            + count
            + " checkpoints in "
            + dir
            + " after "
            + timeoutMs
            + " ms\n"
            + p.describe());
  }

  static List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  static List<String> names(List<Path> files) {
    List<String> n = new ArrayList<>();
    files.forEach(f -> n.add(f.getFileName().toString()));
    return n;
  }

  /** Null when {@code f} is a complete safetensors and a restorable checkpoint, else why not. */
  static String load(Path f) {
    try {
      Safetensors.read(f);
      Checkpoint.read(f).newLearner();
      return null;
    } catch (Exception e) {
      return e.toString();
    }
  }
}
