package dev.reflex.app;

import dev.reflex.cli.CliErrors;
import dev.reflex.cli.ConsoleLogging;
import dev.reflex.cli.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The runtime's command line: the one composition root of the board-side program.
 *
 * <p>Each subcommand lives in its own class; this class only lists them. The workstation's commands
 * ({@code monitor}, {@code plant}, {@code finetune-sim}) live in {@code monitor.jar}; here they
 * only say so ({@link MovedCommand}).
 */
@Command(
    name = "reflex",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Reflex: run a learned controller at a fixed rate, fine-tune it on the board.",
    subcommands = {RunCommand.class, InferCommand.class, CheckConfigCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    ConsoleLogging.configure();
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the CLI tests. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    for (String moved : MovedCommand.NAMES) {
      cl.addSubcommand(moved, new MovedCommand(moved));
    }
    return CliErrors.install(cl);
  }
}
