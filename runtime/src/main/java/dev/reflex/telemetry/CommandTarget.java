package dev.reflex.telemetry;

/**
 * Applies remote commands; implemented by the composition root over the loop, the learner and the
 * safety layer. Called by {@link CommandQueue#applyPending} on the thread that drains the queue
 * (between ticks, never on the MQTT client's threads).
 */
@FunctionalInterface
public interface CommandTarget {
  /**
   * Applies {@code command}. Must not throw for expected refusals: return {@link
   * CommandResult#failed}.
   *
   * @return the outcome, published as the command's second acknowledgement
   */
  CommandResult apply(Command command);
}
