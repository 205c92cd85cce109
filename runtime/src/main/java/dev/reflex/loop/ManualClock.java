package dev.reflex.loop;

/**
 * A clock that only moves when told to: tests, the loop invoker and simulated plants advance it.
 *
 * <p>Real-time: allocation-free; no locks. Threading: any thread (the time is a volatile field, so
 * a watchdog thread sees the test thread's jumps).
 */
public final class ManualClock implements NanoClock {

  private volatile long nowNs;

  /** A clock reading {@code startNs}. */
  public ManualClock(long startNs) {
    this.nowNs = startNs;
  }

  @Override
  public long nanoTime() {
    return nowNs;
  }

  /**
   * Sets the time.
   *
   * @param timeNs the new reading; may not go backwards
   * @throws IllegalArgumentException if {@code timeNs} is before the current reading
   */
  public void setNs(long timeNs) {
    if (timeNs < nowNs) {
      throw new IllegalArgumentException(
          "manual clock cannot go backwards: now " + nowNs + " ns, asked " + timeNs + " ns");
    }
    nowNs = timeNs;
  }

  /**
   * Moves the time forward.
   *
   * @param deltaNs non-negative step
   */
  public void advanceNs(long deltaNs) {
    if (deltaNs < 0) {
      throw new IllegalArgumentException("manual clock step must be >= 0 ns, got " + deltaNs);
    }
    nowNs += deltaNs;
  }
}
