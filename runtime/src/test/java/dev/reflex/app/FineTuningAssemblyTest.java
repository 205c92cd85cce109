package dev.reflex.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.config.ConfigLoader;
import dev.reflex.config.ControllerConfig;
import dev.reflex.format.ActorFile;
import dev.reflex.learning.Checkpoint;
import dev.reflex.learning.Learner;
import dev.reflex.loop.PolicySwap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where on-board learning starts: the board's own newest checkpoint (a restart resumes, replay
 * included) before {@code learning.start_from} (the trainer's networks, with the config's learning
 * settings and without the trainer's replay buffer), before the actor alone.
 */
class FineTuningAssemblyTest {
  static final Path NOMINAL = Path.of("../firmware-config/actors/nominal").toAbsolutePath();

  static Path config(Path dir) throws Exception {
    String yaml =
        Files.readString(
            Path.of("../firmware-config/controllers/pendulum-sim.yaml").toAbsolutePath());
    yaml =
        yaml.replace(
            "actor: ../actors/pendulum.safetensors",
            "actor: " + NOMINAL.resolve("pendulum.safetensors"));
    yaml = yaml.replace("dir: ../../runs/pendulum-sim/checkpoints", "dir: " + dir.resolve("ckpt"));
    yaml =
        yaml.replace(
            "learning:\n  enabled: true",
            "learning:\n  enabled: true\n  actor_lr: 0.00003\n  start_from: "
                + NOMINAL.resolve("pendulum.start.safetensors"));
    assertTrue(yaml.contains("start_from"), "the shipped config's learning section changed");
    Path file = dir.resolve("pendulum-sim.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  static double[] flat(dev.reflex.network.Parameters p) {
    double[] v = new double[p.size()];
    p.flatten(v);
    return v;
  }

  @Test
  void shouldStartFromTheTrainerNetworksThenResumeFromTheBoardsOwnCheckpoint(@TempDir Path dir)
      throws Exception {
    ControllerConfig cfg = ConfigLoader.load(config(dir));
    ActorFile actor = ActorFile.read(cfg.actorFile());
    List<String> log = new ArrayList<>();
    FineTuningAssembly first = new FineTuningAssembly(cfg, actor, new PolicySwap(), 1, log::add);
    assertTrue(first.startedFrom.contains("pendulum.start.safetensors"), first.startedFrom);
    Learner trainer = Checkpoint.read(NOMINAL.resolve("pendulum.start.safetensors")).newLearner();
    assertArrayEquals(
        flat(trainer.critics()[0].parameters()),
        flat(first.learner.critics()[0].parameters()),
        "the trainer's critic");
    assertEquals(3e-5, first.learner.options().actorLr, "the config's learning rate");
    assertEquals(0, first.replay.size(), "not the trainer's replay buffer");

    // The board learns a little and checkpoints; a restart resumes from that, not from start_from.
    double[] obs = {1, 0, 0};
    double[] act = {0.1};
    for (int i = 0; i < 200; i++) {
      first.replay.add(obs, act, -0.5, obs, false, false);
    }
    first.learner.update(first.replay);
    first.checkpoints.write(first.learner, first.replay, 1);
    FineTuningAssembly second = new FineTuningAssembly(cfg, actor, new PolicySwap(), 1, log::add);
    assertTrue(second.startedFrom.contains(dir.resolve("ckpt").toString()), second.startedFrom);
    assertEquals(200, second.replay.size(), "the board's own replay buffer is restored");
    assertArrayEquals(
        flat(first.learner.critics()[0].parameters()),
        flat(second.learner.critics()[0].parameters()));
  }
}
