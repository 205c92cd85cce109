package dev.reflex.trainer;

import dev.reflex.format.ActorFile;
import dev.reflex.format.Safetensors;
import dev.reflex.format.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code export}: an actor file to a plain PyTorch state_dict ({@code <prefix>0.weight}, {@code
 * <prefix>0.bias}, {@code <prefix>2.weight}, ...; F32), loadable with {@code
 * safetensors.torch.load_file} into an {@code nn.Sequential}. The actor's {@code reflex.*} metadata
 * is kept (PyTorch ignores it); {@code import} reads the result back.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    versionProvider = dev.reflex.app.VersionProvider.class,
    sortOptions = false,
    description = "Write an actor file as a plain PyTorch state_dict (safetensors).")
public final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--actor", paramLabel = "FILE", required = true, description = "Actor file.")
  Path actor;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      required = true,
      description = "state_dict to write.")
  Path out;

  @Option(
      names = "--prefix",
      paramLabel = "P",
      defaultValue = "",
      description = "Prefix of every tensor name, e.g. actor.mu. (default: none).")
  String prefix;

  @Override
  public Integer call() throws Exception {
    if (!Files.isReadable(actor)) {
      throw new IllegalArgumentException("cannot read actor file " + actor + ": no such file");
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
