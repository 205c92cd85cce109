package dev.reflex.telemetry;

/**
 * Hands accepted commands from the telemetry thread to the thread that applies them, and their
 * outcomes back. Both directions are bounded and never block.
 *
 * <p>Threading: {@link #offer} and {@link #pollOutcome} on the telemetry thread; {@link #poll},
 * {@link #report} and {@link #applyPending} on the applying thread (the control or learner thread
 * between ticks). {@link #poll} on an empty queue is allocation-free and lock-free.
 */
public final class CommandQueue {
  private final BoundedQueue<Command> pending;
  private final BoundedQueue<CommandOutcome> outcomes;

  /** Creates a queue holding at most {@code capacity} pending commands. */
  public CommandQueue(int capacity) {
    this.pending = new BoundedQueue<>(capacity);
    this.outcomes = new BoundedQueue<>(Math.max(16, capacity * 2));
  }

  /** Queues an accepted command; false (and counted) if full. Threading: telemetry thread. */
  public boolean offer(Command command) {
    return pending.offer(command);
  }

  /** The oldest accepted command, or null. Threading: applying thread. */
  public Command poll() {
    return pending.poll();
  }

  /** Reports how {@code command} went. Threading: applying thread. */
  public void report(Command command, CommandResult result) {
    outcomes.offer(new CommandOutcome(command, result));
  }

  /**
   * Applies up to {@code max} pending commands to {@code target} and reports each outcome; a target
   * that throws is reported as failed with the exception's message.
   *
   * @return commands applied
   */
  public int applyPending(CommandTarget target, int max) {
    int applied = 0;
    Command command;
    while (applied < max && (command = pending.poll()) != null) {
      CommandResult result;
      try {
        result = target.apply(command);
      } catch (RuntimeException e) {
        result = CommandResult.failed(String.valueOf(e.getMessage()));
      }
      report(command, result == null ? CommandResult.failed("no result") : result);
      applied++;
    }
    return applied;
  }

  /** The oldest outcome to acknowledge, or null. Threading: telemetry thread. */
  public CommandOutcome pollOutcome() {
    return outcomes.poll();
  }

  /** Commands waiting to be applied. */
  public int size() {
    return pending.size();
  }

  /** Outcomes dropped because the outcome queue was full (their acks never sent). */
  public long outcomesDropped() {
    return outcomes.dropped();
  }

  /** Accepted commands dropped because the queue was full. */
  public long dropped() {
    return pending.dropped();
  }
}
