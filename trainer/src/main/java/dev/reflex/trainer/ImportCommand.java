package dev.reflex.trainer;

import dev.reflex.format.ActorFile;
import dev.reflex.format.ActorScaling;
import dev.reflex.format.Safetensors;
import dev.reflex.policy.ActivationKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code import}: a PyTorch state_dict saved with safetensors (for example a Stable-Baselines3 TD3
 * policy, whose actor is {@code actor.mu.0.weight ...}) to the project's actor file, with the
 * normalisation, bounds and activations given on the command line.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    versionProvider = dev.reflex.app.VersionProvider.class,
    sortOptions = false,
    description = "Turn a PyTorch state_dict (safetensors) into a Reflex actor file.")
public final class ImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--from", paramLabel = "FILE", required = true, description = "state_dict file.")
  Path from;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      required = true,
      description = "Actor file to write.")
  Path out;

  @Option(
      names = "--prefix",
      paramLabel = "P",
      defaultValue = "",
      description = "Prefix of the actor's Linear layers, e.g. actor.mu. (default: none).")
  String prefix;

  @Option(
      names = "--obs-mean",
      paramLabel = "X,X",
      split = ",",
      description = "Observation mean (default: 0).")
  double[] obsMean;

  @Option(
      names = "--obs-std",
      paramLabel = "X,X",
      split = ",",
      description = "Observation std (default: 1).")
  double[] obsStd;

  @Option(
      names = "--obs-clip",
      paramLabel = "X",
      defaultValue = "Infinity",
      description = "Clip of the normalised observation (default: none).")
  double obsClip;

  @Option(
      names = "--action-low",
      paramLabel = "X,X",
      split = ",",
      description = "Lower action bounds (default: -1).")
  double[] actionLow;

  @Option(
      names = "--action-high",
      paramLabel = "X,X",
      split = ",",
      description = "Upper action bounds (default: 1).")
  double[] actionHigh;

  @Option(
      names = "--activations",
      paramLabel = "A,A",
      split = ",",
      description = "One per layer: relu, tanh, identity (default: relu..., tanh).")
  String[] activations;

  @Override
  public Integer call() throws Exception {
    if (!Files.isReadable(from)) {
      throw new IllegalArgumentException("cannot read state_dict " + from + ": no such file");
    }
    ActorFile actor = ActorFile.fromStateDict(Safetensors.read(from), prefix);
    int in = actor.observationSize();
    int outSize = actor.actionSize();
    ActorScaling id = ActorScaling.identity(in, outSize);
    ActorScaling scaling =
        new ActorScaling(
            sized("--obs-mean", obsMean, in, id.obsMean()),
            sized("--obs-std", obsStd, in, id.obsStd()),
            obsClip,
            sized("--action-low", actionLow, outSize, id.actionLow()),
            sized("--action-high", actionHigh, outSize, id.actionHigh()));
    actor = actor.withScaling(scaling);
    if (activations != null) {
      if (activations.length != actor.layerCount()) {
        throw new IllegalArgumentException(
            "--activations has "
                + activations.length
                + " entries, the network has "
                + actor.layerCount()
                + " layers");
      }
      actor =
          actor.withActivations(
              Arrays.stream(activations)
                  .map(ActivationKind::fromId)
                  .toArray(ActivationKind[]::new));
    }
    actor.write(out);
    spec.commandLine()
        .getErr()
        .printf(
            "import: %s -> %s, layers %s, activations %s%n",
            from, out, Arrays.toString(actor.layerSizes()), Arrays.toString(actor.activations()));
    spec.commandLine().getErr().flush();
    return 0;
  }

  private static double[] sized(String flag, double[] given, int n, double[] fallback) {
    if (given == null) {
      return fallback;
    }
    if (given.length != n) {
      throw new IllegalArgumentException(
          flag + " has " + given.length + " values, the network needs " + n);
    }
    return given;
  }
}
