package dev.reflex.loop;

/**
 * Absolute-time schedule: the deadline of period {@code k} is {@code startNs + k * periodNs}, never
 * "the last wake-up plus a period", so waiting errors do not accumulate.
 *
 * <p>Overrun policy: a tick whose start is at or after its deadline plus one period is late; the
 * periods it missed are skipped and counted, and the next deadline becomes the first {@code k} with
 * {@code startNs + k * periodNs > now}. Missed ticks are never run back-to-back.
 *
 * <p>Real-time: allocation-free; no locks. Threading: control thread only.
 */
public final class LoopSchedule {

  private final long periodNs;
  private long startNs;
  private long periodIndex;

  /**
   * @param periodNs the loop period, > 0
   */
  public LoopSchedule(long periodNs) {
    if (periodNs <= 0) {
      throw new IllegalArgumentException("periodNs must be > 0, got " + periodNs);
    }
    this.periodNs = periodNs;
  }

  /** Restarts the schedule: period 0's deadline is {@code startNs}. */
  public void start(long startNs) {
    this.startNs = startNs;
    this.periodIndex = 0;
  }

  /** The loop period in nanoseconds. */
  public long periodNs() {
    return periodNs;
  }

  /** The schedule's origin in nanoseconds. */
  public long startNs() {
    return startNs;
  }

  /** Index {@code k} of the current period. */
  public long periodIndex() {
    return periodIndex;
  }

  /** The current period's deadline, {@code startNs + k * periodNs}. */
  public long deadlineNs() {
    return startNs + periodIndex * periodNs;
  }

  /** The deadline of period {@code k}. */
  public long deadlineNs(long k) {
    return startNs + k * periodNs;
  }

  /**
   * Applies the overrun policy for a tick about to start at {@code nowNs}.
   *
   * @param nowNs the clock reading
   * @return the number of periods skipped: 0 if {@code nowNs < deadline + period}; otherwise the
   *     current period moves to the first {@code k} with {@code deadline(k) > nowNs} and the number
   *     of periods jumped over is returned
   */
  public long skipMissed(long nowNs) {
    long latenessNs = nowNs - deadlineNs();
    if (latenessNs < periodNs) {
      return 0;
    }
    long next = Math.floorDiv(nowNs - startNs, periodNs) + 1;
    long skipped = next - periodIndex;
    periodIndex = next;
    return skipped;
  }

  /** Moves to the next period after a tick ran. */
  public void advance() {
    periodIndex++;
  }
}
