package dev.reflex.hil;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the lifecycle scenarios share: a learning config that starts updating within a second of the
 * loop (the critic warm-up and baseline keep the actor unchanged for the first seconds), one
 * controller run to its --duration with a report, and the checkpoint files of a directory.
 */
final class LifecycleRuns {
  private LifecycleRuns() {}

  /** pendulum-hil.yaml with {@link PendulumLearning}'s learning section, checkpoints every s. */
  static HilConfig learningConfig(HilRig rig, String device, Path checkpoints, double periodS) {
    HilConfig c = PendulumLearning.apply(rig.pendulumConfig(device), checkpoints, periodS);
    c.set("learning.critic_warmup_updates", 200);
    c.set("learning.replay_capacity", 5000);
    return c;
  }

  /** One run to its end: exit status, the report, stderr. */
  record Run(int exit, RuntimeReport report, String stderr, RigProcess process) {
    JsonNode learning() {
      return report.root().path("learning");
    }
  }

  static Run run(HilRig rig, String name, Path config, String duration, List<String> jvm) {
    Path report = rig.dir().resolve(name + "-report.json");
    ControllerSpec spec =
        new ControllerSpec(config).learning(true).seed(7).duration(duration).report(report);
    RigProcess p = rig.startController(name, spec, jvm);
    int exit = p.awaitExit(Duration.ofSeconds(90));
    return new Run(exit, RuntimeReport.read(report), p.stderr(), p);
  }

  /** Checkpoint files directly in {@code dir} (not the retired lineages' subdirectories). */
  static List<Path> checkpoints(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().startsWith("checkpoint-"))
          .sorted()
          .toList();
    }
  }

  /** Every regular file under {@code dir}, subdirectories included. */
  static List<Path> allFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
