package dev.reflex.hil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lifecycle: the controller writes a checkpoint several times a second and is killed with SIGKILL
 * at a random moment, ten times in a row on the same state directory. After every kill, each file
 * under a checkpoint name loads completely (a half-written one can only be a hidden temp file), and
 * the next start resumes from a checkpoint that loads, never from a damaged one.
 */
@Tag("hil")
class CheckpointKillScenarioTest {
  static final String SCENARIO = "lifecycle-checkpoint-kill";
  static final int KILLS = 10;

  @Test
  void shouldNeverUseACorruptCheckpointAfterSigkillDuringWrites() throws Exception {
    try (HilRig rig =
        HilRig.open(
            SCENARIO, "SIGKILL during checkpoint writes x10: no corrupt checkpoint ever used")) {
      HilAssumptions.requireRunCommand(rig.layout(), SCENARIO);
      HilAssumptions.requirePendulumActor(rig.layout(), SCENARIO);
      ScenarioReport r = rig.report();
      Path checkpoints = rig.work().resolve("checkpoints");
      HilConfig config = LifecycleRuns.learningConfig(rig, "hil-" + SCENARIO, checkpoints, 0.1);
      config.set("learning.replay_capacity", 20000); // bigger files: longer writes to hit
      config.set("telemetry.enabled", false);
      Path configFile = config.write(rig.work().resolve("pendulum-hil.yaml"));
      RigProcess plant = rig.startEmulator(rig.emulator().seed(41));
      Random random = new Random(41);
      int tempSeen = 0;
      int resumed = 0;
      for (int k = 0; k < KILLS; k++) {
        int before = LifecycleRuns.checkpoints(checkpoints).size();
        RigProcess p =
            rig.startController(
                "runtime-" + k,
                new ControllerSpec(configFile).learning(true).seed(41 + k).noTelemetry(),
                List.of());
        p.awaitOutput("learning on (from ", Duration.ofSeconds(60));
        String from =
            p.stderr().lines().filter(l -> l.contains("learning on (from ")).findFirst().orElse("");
        if (k > 0) {
          String name = from.replaceAll(".*(checkpoint-\\d+\\.safetensors).*", "$1");
          Path used = checkpoints.resolve(name);
          boolean ok = from.contains("checkpoint-") && ProcessKillScenarioTest.load(used) == null;
          resumed += ok ? 1 : 0;
          r.check("start " + k + " resumed from a checkpoint that loads: " + name, ok, from);
        }
        long end = System.currentTimeMillis() + 30_000;
        while (LifecycleRuns.checkpoints(checkpoints).size() <= before
            && System.currentTimeMillis() < end
            && p.alive()) {
          rig.sleepMs(50);
        }
        rig.sleepMs(200 + random.nextInt(800));
        p.sigkill();
        p.awaitExit(Duration.ofSeconds(10));
        try (var s = Files.list(checkpoints)) {
          for (Path f : s.filter(Files::isRegularFile).toList()) {
            String n = f.getFileName().toString();
            if (n.startsWith(".")) {
              tempSeen++;
              continue;
            }
            String problem = ProcessKillScenarioTest.load(f);
            r.check(
                "after kill " + k + ": " + n + " loads", problem == null, String.valueOf(problem));
          }
        }
      }
      r.figure("kills_that_left_a_temp_file", tempSeen);
      r.figure("starts_resumed_from_a_valid_checkpoint", resumed);
      r.atLeast("every restart resumed from a valid checkpoint", resumed, KILLS - 1);
      plant.sigterm();
      plant.awaitExit(Duration.ofSeconds(15));
      rig.assertAllChecksPassed();
    }
  }
}
