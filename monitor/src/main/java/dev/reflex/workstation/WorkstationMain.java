package dev.reflex.workstation;

import dev.reflex.cli.CliErrors;
import dev.reflex.cli.ConsoleLogging;
import dev.reflex.cli.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The workstation tool's command line ({@code monitor.jar}): the composition root of what runs on a
 * laptop beside the board, never on it. Watching telemetry (terminal, CSV, web dashboard, plots),
 * the UDP plant emulator and the fine-tuning experiment in simulation.
 *
 * <p>Each subcommand lives in its own class; this class only lists them.
 */
@Command(
    name = "reflex",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Reflex workstation tool: watch devices' telemetry, emulate a plant over UDP, run the"
            + " fine-tuning experiment in simulation.",
    subcommands = {MonitorCommand.class, PlantCommand.class, FineTuneSimCommand.class})
public final class WorkstationMain implements Runnable {

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
    return CliErrors.install(new CommandLine(new WorkstationMain()));
  }
}
