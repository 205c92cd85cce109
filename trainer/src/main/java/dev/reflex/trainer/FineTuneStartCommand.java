package dev.reflex.trainer;

import dev.reflex.learning.Checkpoint;
import dev.reflex.learning.Learner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code finetune-start}: a trainer checkpoint reduced to what on-board fine-tuning starts from —
 * actor, critics, their targets, the optimisers' moments and the learner's counters — without the
 * replay buffer, the exploration noise and the trainer's episode state. The result is a valid
 * checkpoint (same format) of a few hundred kilobytes instead of megabytes, for {@code
 * learning.start_from} or {@code monitor.jar finetune-sim --start-checkpoint}.
 */
@Command(
    name = "finetune-start",
    mixinStandardHelpOptions = true,
    versionProvider = dev.reflex.cli.VersionProvider.class,
    sortOptions = false,
    description =
        "Reduce a trainer checkpoint to the networks and optimisers on-board fine-tuning starts"
            + " from (no replay buffer).")
public final class FineTuneStartCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--checkpoint",
      paramLabel = "FILE",
      required = true,
      description = "Trainer checkpoint (DIR/checkpoint.safetensors of a train run).")
  Path checkpoint;

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "File to write.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (!Files.isReadable(checkpoint)) {
      throw new IllegalArgumentException("cannot read checkpoint " + checkpoint + ": no such file");
    }
    Checkpoint c = Checkpoint.read(checkpoint);
    Learner learner = c.newLearner();
    Checkpoint.writer(learner)
        .metadata("source_checkpoint", checkpoint.getFileName().toString())
        .write(out);
    spec.commandLine()
        .getErr()
        .printf(
            "wrote %s (%d bytes): actor, %d critic(s), targets and optimisers of %s%n",
            out, Files.size(out), learner.critics().length, checkpoint);
    return 0;
  }
}
