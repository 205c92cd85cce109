package dev.reflex.loop;

import org.HdrHistogram.Histogram;

/**
 * One reader's view of {@link LoopStats}: the interval histograms of the last {@link
 * LoopStats#sampleInterval} (indexed by {@link LoopStats#LATENESS} ... {@link LoopStats#TICK}) and
 * the counters at that time. Reused from sample to sample so the reader allocates nothing.
 *
 * <p>Threading: one reader thread.
 */
public final class LoopStatsSnapshot {

  private final Histogram[] histograms = new Histogram[LoopStats.NAMES.length];
  private long ticks;
  private long missedPeriods;
  private long overruns;
  private long exceptions;

  /** The interval histograms, by index; null before the first sample. */
  public Histogram[] histograms() {
    return histograms;
  }

  /** The interval histogram {@code which}. */
  public Histogram histogram(int which) {
    return histograms[which];
  }

  void setCounters(long ticks, long missedPeriods, long overruns, long exceptions) {
    this.ticks = ticks;
    this.missedPeriods = missedPeriods;
    this.overruns = overruns;
    this.exceptions = exceptions;
  }

  /** Ticks run (cumulative). */
  public long ticks() {
    return ticks;
  }

  /** Periods skipped (cumulative). */
  public long missedPeriods() {
    return missedPeriods;
  }

  /** Ticks that ended after the next deadline (cumulative). */
  public long overruns() {
    return overruns;
  }

  /** Ticks that threw (cumulative). */
  public long exceptions() {
    return exceptions;
  }
}
