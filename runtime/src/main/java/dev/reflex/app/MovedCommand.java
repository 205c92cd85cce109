package dev.reflex.app;

import dev.reflex.cli.CliErrors;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * A command that moved from the board program to the workstation tool ({@code monitor.jar}): says
 * where it is now in one line and exits with {@link CliErrors#USER_ERROR}, whatever its arguments.
 * Hidden from the usage.
 */
@Command(hidden = true, description = "moved to the workstation tool (monitor.jar)")
final class MovedCommand implements Callable<Integer> {
  /** The commands {@code monitor.jar} has. */
  static final List<String> NAMES = List.of("monitor", "plant", "finetune-sim");

  private final String name;

  @CommandLine.Unmatched List<String> arguments;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  MovedCommand(String name) {
    this.name = name;
  }

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println(
            "error: "
                + name
                + " moved to the workstation tool: bin/reflex "
                + name
                + " ... (or java -jar monitor/target/monitor.jar "
                + name
                + " ...); runtime.jar is the board program");
    spec.commandLine().getErr().flush();
    return CliErrors.USER_ERROR;
  }
}
