package dev.reflex.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.learning.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} stopped by a signal with checkpoints off ({@code --checkpoint-interval 0}, the
 * default) writes its checkpoint on the way out, and {@code --resume} continues from it; a run
 * directory without a checkpoint is refused in one plain line.
 */
@Tag("slow")
class TrainInterruptTest {

  @Test
  void shouldWriteACheckpointOnSigtermThatResumes(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("run");
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.reflex.trainer.TrainerMain");
    cmd.add("train");
    cmd.add("--env");
    cmd.add("pendulum");
    cmd.add("--out");
    cmd.add(out.toString());
    cmd.add("--steps");
    cmd.add("10000000");
    for (String a : Cli.tiny()) {
      cmd.add(a);
    }
    Path errLog = dir.resolve("train.err");
    Process p =
        new ProcessBuilder(cmd)
            .redirectError(errLog.toFile())
            .redirectOutput(dir.resolve("train.out").toFile())
            .start();
    Path progress = out.resolve(TrainRun.PROGRESS);
    long end = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < end
        && (!Files.exists(progress) || Files.readAllLines(progress).size() < 4)) {
      assertTrue(p.isAlive(), "train ended early: " + Files.readString(errLog));
      Thread.sleep(100);
    }
    assertTrue(!Files.exists(out.resolve(TrainRun.CHECKPOINT)), "no checkpoint before the signal");
    p.destroy(); // SIGTERM
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "train exits after SIGTERM");
    String err = Files.readString(errLog);
    assertEquals(143, p.exitValue(), err);
    assertTrue(err.contains("train: interrupted at step"), err);
    Checkpoint c = Checkpoint.read(out.resolve(TrainRun.CHECKPOINT));
    long steps = c.envSteps();
    assertTrue(steps > 0, "steps in the checkpoint: " + steps);
    assertTrue(Files.isRegularFile(out.resolve(TrainRun.ACTOR)));

    Cli.Result resumed =
        Cli.run(
            "train",
            "--resume",
            out.toString(),
            "--out",
            out.toString(),
            "--steps",
            Long.toString(steps + 50),
            "--quiet");
    assertEquals(0, resumed.exit(), resumed.err());
    assertEquals(steps + 50, Checkpoint.read(out.resolve(TrainRun.CHECKPOINT)).envSteps());
  }

  @Test
  void shouldSayPlainlyThatThereIsNothingToResume(@TempDir Path dir) throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty-run"));
    Cli.Result r =
        Cli.run("train", "--resume", empty.toString(), "--out", empty.toString(), "--steps", "10");
    assertEquals(2, r.exit(), r.err());
    assertEquals(1, r.errLines().length, r.err());
    assertTrue(r.err().startsWith("error: nothing to resume: " + empty), r.err());
    assertTrue(r.err().contains("checkpoint.safetensors"), r.err());
  }
}
