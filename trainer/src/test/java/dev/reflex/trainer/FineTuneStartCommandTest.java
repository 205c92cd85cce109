package dev.reflex.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.learning.Checkpoint;
import dev.reflex.learning.Learner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code finetune-start} command end to end: a real training run's checkpoint reduced. */
class FineTuneStartCommandTest {
  @TempDir Path dir;

  private static double[] actor(Learner l) {
    double[] p = new double[l.actor().parameters().size()];
    l.actor().parameters().flatten(p);
    return p;
  }

  @Test
  void shouldReduceATrainerCheckpointToTheNetworksAndDoItAgainOnTheSameFile() throws Exception {
    Path run = dir.resolve("run");
    String[] train = {"train", "--env", "pendulum", "--out", run.toString(), "--steps", "300"};
    assertEquals(0, Cli.run(Cli.concat(Cli.concat(train, Cli.tiny()), "--no-plot")).exit());
    Path source = run.resolve("checkpoint.safetensors");
    Path out = dir.resolve("start.safetensors");

    for (int time = 1; time <= 2; time++) { // the second run replaces the first file
      Cli.Result r =
          Cli.run("finetune-start", "--checkpoint", source.toString(), "--out", out.toString());
      assertEquals(0, r.exit(), r.err());
      assertEquals(1, r.errLines().length, r.err());
      assertTrue(r.err().startsWith("wrote " + out), r.err());

      Checkpoint trainer = Checkpoint.read(source);
      Checkpoint start = Checkpoint.read(out);
      assertTrue(trainer.hasReplay());
      assertFalse(start.hasReplay(), "no replay buffer in the start file");
      assertTrue(
          Files.size(out) < Files.size(source), Files.size(out) + " vs " + Files.size(source));
      Learner a = trainer.newLearner();
      Learner b = start.newLearner();
      assertArrayEquals(actor(a), actor(b), "the same actor, bit for bit");
      assertEquals(a.critics().length, b.critics().length);
      assertEquals(a.actorUpdates(), b.actorUpdates());
    }
  }

  @Test
  void shouldRefuseAMissingCheckpointInOneLineAndWriteNothing() {
    Path out = dir.resolve("start.safetensors");
    Cli.Result r =
        Cli.run(
            "finetune-start",
            "--checkpoint",
            dir.resolve("nope.safetensors").toString(),
            "--out",
            out.toString());
    assertEquals(2, r.exit(), r.err());
    assertEquals(1, r.errLines().length, r.err());
    assertTrue(r.err().contains("nope.safetensors"), r.err());
    assertFalse(Files.exists(out));
  }
}
