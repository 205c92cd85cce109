package dev.reflex.trainer;

import dev.reflex.cli.CliErrors;
import dev.reflex.cli.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The trainer's command line: {@code train}, {@code evaluate}, {@code import}, {@code export},
 * {@code finetune-start}. Errors, in parsing or in a command, become one {@code error: ...} line on
 * stderr and exit status {@link CliErrors#USER_ERROR}; {@code REFLEX_DEBUG=1} adds the stack trace.
 */
@Command(
    name = "reflex",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Reflex trainer: train, evaluate, import and export actors.",
    subcommands = {
      TrainCommand.class,
      EvaluateCommand.class,
      ImportCommand.class,
      ExportCommand.class,
      FineTuneStartCommand.class
    })
public final class TrainerMain implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    dev.reflex.cli.ConsoleLogging.configure();
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine commandLine() {
    return CliErrors.install(new CommandLine(new TrainerMain()));
  }
}
