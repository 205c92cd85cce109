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
 * Scenario 6: the controller is killed with SIGKILL while learning, early (a few hundred ticks in),
 * then started again at once: it resumes from the newest valid checkpoint, every checkpoint file
 * left behind is complete and loadable, and the plant takes the restarted controller's first frame
 * (a new sender session, docs/udp-frames.md) without discarding any as late. Then it is stopped
 * with SIGTERM: the emulator receives the safe torque, a final checkpoint is written, and the
 * retained status goes offline.
 */
@Tag("hil")
class ProcessKillScenarioTest {
  static final String SCENARIO = "process-kill";
  static final int KILL_AFTER_TICKS = 200;

  /**
   * Frames v1 of the protocol needed from a sender before its restart was told from late frames.
   */
  static final int V1_RESTART_WINDOW_FRAMES = 1000;

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
      // Killed early on purpose: with frames v1 the plant told a restarted sender from a late frame
      // only by its sequence falling more than 1000 below the newest, so a controller killed
      // before it sent 1000 frames had every frame of its successor discarded as late. Frames v2
      // carry a session id drawn at each start; the plant takes the new session's first frame.
      Observed ticks =
          observer.await(
              m -> m.on("telemetry/loop") && m.number("ticks") >= KILL_AFTER_TICKS,
              0,
              60_000,
              "telemetry/loop with ticks ≥ " + KILL_AFTER_TICKS);
      r.figure("ticks_before_kill", ticks.number("ticks"));
      rig.sleepMs(300);
      long killMs = System.currentTimeMillis();
      double killS = rig.event("SIGKILL");
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
      checkRestartTakenAtOnce(r, t, killS, restartS, termS);
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

  /**
   * The plant's record shows the restarted controller taken on its first frame: its killed
   * predecessor had sent fewer frames than v1's restart window (so the case is exercised), the
   * emulator counted exactly one sender restart, after the restart event, no frame was discarded as
   * late before it, and none of the killed session arrived after it.
   */
  static void checkRestartTakenAtOnce(
      ScenarioReport r, Trajectory t, double killS, double restartS, double termS) {
    double[] time = t.timeS();
    double[] accepted = t.column("actuator_frames_accepted");
    double[] late = t.column("actuator_late");
    double[] restarts = t.column("actuator_restarts");
    int killRow = Math.min(t.indexAt(killS), t.rows() - 1);
    r.figure("frames_accepted_from_killed_controller", accepted[killRow]);
    r.atMost(
        "killed controller had sent fewer frames than the v1 restart window (the case is exercised)",
        accepted[killRow],
        V1_RESTART_WINDOW_FRAMES - 1);
    int restartRow = -1;
    for (int i = killRow; i < t.rows() && restartRow < 0; i++) {
      restartRow = restarts[i] >= 1 ? i : -1;
    }
    r.atMost("emulator counted one sender restart (its record)", t.last("actuator_restarts"), 1);
    r.check(
        "emulator took a frame of a new sender session after the restart (its record)",
        restartRow >= 0 && time[restartRow] >= restartS && time[restartRow] < termS,
        restartRow < 0
            ? "no restart counted"
            : "at " + ScenarioReport.fmt(time[restartRow]) + " s");
    if (restartRow >= 0) {
      r.figure("plant_took_restarted_controller_at_s", time[restartRow]);
      r.figure("restart_to_first_frame_taken_s", time[restartRow] - restartS);
      r.atMost(
          "frames discarded as late between SIGKILL and the restarted controller's first frame",
          late[restartRow] - late[killRow],
          0);
      r.atLeast(
          "restarted controller's first frame was taken (accepted rises at the restart)",
          accepted[restartRow] - accepted[Math.max(restartRow - 1, 0)],
          1);
    }
    r.atMost(
        "frames of the killed session arriving after the restart (stale_session)",
        t.last("actuator_stale_session"),
        0);
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
