package dev.reflex.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The runtime's command line: the one composition root of the board-side program.
 *
 * <p>Each subcommand lives in its own class; this class only lists them.
 */
@Command(
    name = "reflex",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Reflex: run a learned controller at a fixed rate, fine-tune it on the board.",
    subcommands = {
      RunCommand.class,
      FineTuneSimCommand.class,
      InferCommand.class,
      CheckConfigCommand.class,
      PlantCommand.class,
      MonitorCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    dev.reflex.app.ConsoleLogging.configure();
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the CLI tests. */
  public static CommandLine commandLine() {
    return CliErrors.install(new CommandLine(new Main()));
  }
}
