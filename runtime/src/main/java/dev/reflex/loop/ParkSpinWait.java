package dev.reflex.loop;

import java.util.concurrent.locks.LockSupport;

/**
 * Parks the thread until shortly before the deadline, then spins ({@link Thread#onSpinWait()}) for
 * the last {@code spinMarginNs}. Parking alone wakes up late by the scheduler's timer slack (tens
 * to hundreds of microseconds); spinning alone burns a core. The margin trades one for the other.
 *
 * <p>Real-time: allocation-free; no locks. Threading: control thread only.
 */
public final class ParkSpinWait implements WaitStrategy {

  private final long spinMarginNs;

  /**
   * @param spinMarginNs how long before the deadline to stop parking and start spinning, e.g.
   *     150_000 (150 us); 0 parks all the way
   */
  public ParkSpinWait(long spinMarginNs) {
    if (spinMarginNs < 0) {
      throw new IllegalArgumentException("spinMarginNs must be >= 0, got " + spinMarginNs);
    }
    this.spinMarginNs = spinMarginNs;
  }

  /** The spin margin in nanoseconds. */
  public long spinMarginNs() {
    return spinMarginNs;
  }

  @Override
  public long awaitDeadline(long deadlineNs, NanoClock clock) {
    long nowNs = clock.nanoTime();
    while (nowNs < deadlineNs) {
      long remainingNs = deadlineNs - nowNs;
      if (remainingNs > spinMarginNs) {
        LockSupport.parkNanos(remainingNs - spinMarginNs);
      } else {
        Thread.onSpinWait();
      }
      nowNs = clock.nanoTime();
    }
    return nowNs;
  }
}
