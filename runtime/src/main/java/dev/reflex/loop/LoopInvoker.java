package dev.reflex.loop;

/**
 * Runs a {@link LoopCycle} on the calling thread: tests and simulations drive the real tick code
 * with a {@link ManualClock} and {@link ManualClockWait}, so thousands of periods pass without
 * sleeping. The same cycle a {@link LoopRunner} would run, minus the thread.
 *
 * <p>Threading: the calling thread.
 */
public final class LoopInvoker {

  private final LoopCycle cycle;
  private boolean started;
  private boolean stopped;

  /** An invoker of {@code cycle}. */
  public LoopInvoker(LoopCycle cycle) {
    this.cycle = cycle;
  }

  /** Starts the schedule at the clock's current time (first deadline = now). */
  public void start() {
    cycle.start(cycle.clock().nanoTime());
    cycle.tick().heartbeat().arm(cycle.clock().nanoTime());
    started = true;
  }

  /**
   * Runs up to {@code ticks} ticks; stops early on a controlled stop (actuators driven safe).
   *
   * @return the number of ticks run
   */
  public long run(long ticks) {
    if (!started) {
      start();
    }
    long run = 0;
    while (run < ticks && !stopped) {
      run++;
      if (!cycle.runOnce()) {
        stopped = true;
        cycle.tick().heartbeat().disarm();
        cycle.tick().driveSafe();
      }
    }
    return run;
  }

  /** True once a controlled stop happened. */
  public boolean stopped() {
    return stopped;
  }

  /** The cycle run. */
  public LoopCycle cycle() {
    return cycle;
  }
}
