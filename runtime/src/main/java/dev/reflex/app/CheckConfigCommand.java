package dev.reflex.app;

import dev.reflex.cli.CliErrors;
import dev.reflex.cli.CliValues;
import dev.reflex.cli.VersionProvider;
import dev.reflex.config.ConfigException;
import dev.reflex.config.ConfigLoader;
import dev.reflex.config.ConfigProblem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code check-config FILE [--print]}: validates a controller config without starting anything.
 * Exit 0 when valid; 2 with every problem printed one per line as {@code FILE:LINE: path: message}.
 */
@Command(
    name = "check-config",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Validate a controller config (schema, board pins, actor file) without starting.")
public final class CheckConfigCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "Controller config YAML.")
  Path file;

  @Option(
      names = "--print",
      description = "Print the effective config (every default filled in) as YAML.")
  boolean print;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      if (print) {
        out.print(ConfigLoader.effectiveYaml(file));
      } else {
        var config = ConfigLoader.load(file);
        out.println(
            file
                + ": ok ("
                + config.name()
                + " on "
                + config.board().name()
                + ", "
                + config.plant().backend()
                + " backend, "
                + CliValues.plural(config.observationSize(), "observation")
                + ", "
                + CliValues.plural(config.actionSize(), "action")
                + ", "
                + Math.round(config.loop().rateHz())
                + " Hz)");
        // the profile describes another machine: fine for checking, not for running
        String missing =
            config.plant().backend().equals("pi4j")
                ? BoardCheck.missingGpio(config.board(), java.nio.file.Path.of("/dev"))
                : null;
        String other =
            BoardCheck.otherModel(config.board(), java.nio.file.Path.of("/proc/device-tree/model"));
        for (String w : new String[] {missing, other}) {
          if (w != null) {
            err.println(
                "warning: " + file + ": " + w + "; 'reflex run' with this config fails here");
          }
        }
      }
      out.flush();
      return 0;
    } catch (ConfigException e) {
      for (ConfigProblem p : e.problems()) {
        err.println(p.format());
      }
      err.println(
          e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems") + " found");
      err.flush();
      return CliErrors.USER_ERROR;
    }
  }
}
