package dev.reflex.loop;

/**
 * The test wait: jumps a {@link ManualClock} to the deadline (or leaves it where it is if the
 * deadline has passed), so a loop runs thousands of simulated periods without sleeping.
 *
 * <p>Real-time: allocation-free; no locks. Threading: the invoking (test) thread.
 */
public final class ManualClockWait implements WaitStrategy {

  private final ManualClock clock;

  /**
   * @param clock the clock to advance; must be the clock the loop reads
   */
  public ManualClockWait(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public long awaitDeadline(long deadlineNs, NanoClock ignored) {
    if (clock.nanoTime() < deadlineNs) {
      clock.setNs(deadlineNs);
    }
    return clock.nanoTime();
  }
}
