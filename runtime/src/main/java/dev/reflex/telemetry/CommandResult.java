package dev.reflex.telemetry;

/**
 * How applying a command went.
 *
 * @param done true if applied
 * @param reason why it failed; empty when done
 */
public record CommandResult(boolean done, String reason) {
  private static final CommandResult DONE = new CommandResult(true, "");

  /** Normalises a null reason. */
  public CommandResult {
    reason = reason == null ? "" : reason;
  }

  /** The command was applied. */
  public static CommandResult ok() {
    return DONE;
  }

  /** The command could not be applied, for {@code reason}. */
  public static CommandResult failed(String reason) {
    return new CommandResult(false, reason);
  }
}
