package dev.reflex.trainer;

import dev.reflex.format.ActorFile;
import dev.reflex.format.ActorScaling;
import dev.reflex.format.Safetensors;
import dev.reflex.network.Activation;
import dev.reflex.trainer.onnx.OnnxImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code import}: a policy from elsewhere to the project's actor file. Two formats: an ONNX model
 * of a feed-forward MLP ({@link OnnxImporter}: normaliser, layers, activations and output scaling
 * read from the graph), or a PyTorch state_dict saved with safetensors (for example a
 * Stable-Baselines3 TD3 policy, whose actor is {@code actor.mu.0.weight ...}), with the
 * normalisation, bounds and activations given on the command line. The format is the one named by
 * {@code --format}, else {@code onnx} for a {@code .onnx} file, else {@code state-dict}.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    versionProvider = dev.reflex.cli.VersionProvider.class,
    sortOptions = false,
    description = {
      "Turn an ONNX MLP policy or a PyTorch state_dict (safetensors) into a Reflex actor file.",
      "ONNX: the graph's normaliser, layers, activations and output scaling are read from it;"
          + " --obs-* add a normaliser in front of the graph and --action-low/--action-high map"
          + " its outputs -1 and +1 to actions (needed when the graph does not bound its output)."
    })
public final class ImportCommand implements Callable<Integer> {
  /** The file formats read. */
  enum Format {
    onnx,
    state_dict
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--from",
      paramLabel = "FILE",
      required = true,
      description = "policy.onnx or state_dict (.safetensors) file.")
  Path from;

  @Option(
      names = "--format",
      paramLabel = "onnx|state-dict",
      converter = FormatConverter.class,
      description = "Format of --from (default: onnx for a .onnx file, else state-dict).")
  Format format;

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
      description =
          "state-dict: prefix of the actor's Linear layers, e.g. actor.mu. (default: none).")
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
      description =
          "state-dict: one per layer: relu, tanh, identity, elu, leaky_relu, sigmoid (default:"
              + " relu..., tanh).")
  String[] activations;

  @Override
  public Integer call() throws Exception {
    Format f =
        format != null
            ? format
            : from.toString().endsWith(".onnx") ? Format.onnx : Format.state_dict;
    if (!Files.isReadable(from)) {
      throw new IllegalArgumentException(
          "cannot read "
              + (f == Format.onnx ? "ONNX model " : "state_dict ")
              + from
              + ": no such file");
    }
    ActorFile actor = f == Format.onnx ? fromOnnx() : fromStateDict();
    actor.write(out);
    spec.commandLine()
        .getErr()
        .printf(
            "import: %s -> %s, layers %s, activations %s%n",
            from, out, Arrays.toString(actor.layerSizes()), Arrays.toString(actor.activations()));
    spec.commandLine().getErr().flush();
    return 0;
  }

  private ActorFile fromOnnx() throws Exception {
    if (!prefix.isEmpty() || activations != null) {
      throw new IllegalArgumentException(
          "--prefix and --activations apply to state-dict imports; an ONNX graph names its own"
              + " layers and activations");
    }
    return OnnxImporter.read(
        from, new OnnxImporter.Options(obsMean, obsStd, obsClip, actionLow, actionHigh));
  }

  private ActorFile fromStateDict() throws Exception {
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
              Arrays.stream(activations).map(Activation::fromId).toArray(Activation[]::new));
    }
    return actor;
  }

  /** {@code onnx} or {@code state-dict} (also {@code state_dict}, {@code safetensors}). */
  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      return switch (value.toLowerCase(java.util.Locale.ROOT)) {
        case "onnx" -> Format.onnx;
        case "state-dict", "state_dict", "safetensors" -> Format.state_dict;
        default ->
            throw new picocli.CommandLine.TypeConversionException(
                "unknown format '" + value + "' (allowed: onnx, state-dict)");
      };
    }
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
