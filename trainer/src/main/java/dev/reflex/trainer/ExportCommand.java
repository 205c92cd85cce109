package dev.reflex.trainer;

import dev.reflex.format.ActorFile;
import dev.reflex.format.Safetensors;
import dev.reflex.format.Tensor;
import dev.reflex.trainer.onnx.OnnxExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code export}: an actor file as an ONNX model ({@link OnnxExporter}: normalisation, layers,
 * activations and scaling to the bounds, runnable by ONNX Runtime) or as a plain PyTorch state_dict
 * ({@code <prefix>0.weight}, {@code <prefix>0.bias}, {@code <prefix>2.weight}, ...; F32), loadable
 * with {@code safetensors.torch.load_file} into an {@code nn.Sequential}. The actor's {@code
 * reflex.*} metadata is kept (PyTorch ignores it); {@code import} reads the result back.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    versionProvider = dev.reflex.cli.VersionProvider.class,
    sortOptions = false,
    description = "Write an actor file as an ONNX model or a plain PyTorch state_dict.")
public final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--format",
      paramLabel = "onnx|state-dict",
      converter = ImportCommand.FormatConverter.class,
      description = "What to write (default: onnx for a .onnx --out, else state-dict).")
  ImportCommand.Format format;

  @Option(names = "--actor", paramLabel = "FILE", required = true, description = "Actor file.")
  Path actor;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      required = true,
      description = "File to write: policy.onnx or a state_dict (.safetensors).")
  Path out;

  @Option(
      names = "--prefix",
      paramLabel = "P",
      defaultValue = "",
      description = "state-dict: prefix of every tensor name, e.g. actor.mu. (default: none).")
  String prefix;

  @Override
  public Integer call() throws Exception {
    if (!Files.isReadable(actor)) {
      throw new IllegalArgumentException("cannot read actor file " + actor + ": no such file");
    }
    ImportCommand.Format f =
        format != null
            ? format
            : out.toString().endsWith(".onnx")
                ? ImportCommand.Format.onnx
                : ImportCommand.Format.state_dict;
    if (f == ImportCommand.Format.onnx) {
      if (!prefix.isEmpty()) {
        throw new IllegalArgumentException("--prefix applies to state-dict exports, not onnx");
      }
      ActorFile a = ActorFile.read(actor);
      OnnxExporter.write(a, out);
      spec.commandLine()
          .getErr()
          .printf(
              "export: %s -> %s (ONNX opset 13), input obs [batch, %d], output action [batch, %d]%n",
              actor, out, a.observationSize(), a.actionSize());
      spec.commandLine().getErr().flush();
      return 0;
    }
    Safetensors st = ActorFile.read(actor).toSafetensors();
    Safetensors.Builder b = Safetensors.builder();
    for (Map.Entry<String, Tensor> e : st.tensors().entrySet()) {
      b.put(prefix + e.getKey(), e.getValue());
    }
    b.metadata(st.metadata());
    b.build().write(out);
    spec.commandLine()
        .getErr()
        .printf(
            "export: %s -> %s, %d tensors named %s0.weight...%n",
            actor, out, st.names().size(), prefix);
    spec.commandLine().getErr().flush();
    return 0;
  }
}
