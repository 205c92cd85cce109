package dev.reflex.loop;

import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Timing of the control loop: HdrHistogram recorders (values in ns, 3 significant digits, up to 10
 * s; larger values are recorded as 10 s) for tick-start lateness (wake-up time minus the deadline
 * as scheduled, before any skipping, so a stall appears at its full length), each phase (read,
 * infer, safety, write) and the whole tick, plus counters.
 *
 * <p>The control thread records into {@link SingleWriterRecorder}s (constant time, preallocated);
 * readers take interval histograms with {@link #sampleInterval} (which recycles the previous
 * snapshot's histograms), so the control thread never waits for a reader. Every interval is also
 * added into cumulative histograms for the exit summary.
 *
 * <p>Real-time: the {@code record*} and {@code count*} methods are allocation-free and lock-free.
 * Threading: record/count on the control thread; {@link #sampleInterval} and {@link #summary} on
 * any thread (they synchronize among readers only).
 */
public final class LoopStats {

  /** Largest recorded value, 10 s in ns. */
  public static final long HIGHEST_NS = 10_000_000_000L;

  /** Histogram indices, also the order of {@link LoopStatsSnapshot#histograms()}. */
  public static final int LATENESS = 0;

  /** Sensor read phase. */
  public static final int READ = 1;

  /** Observation and policy phase. */
  public static final int INFER = 2;

  /** Safety filter phase. */
  public static final int SAFETY = 3;

  /** Actuator write phase. */
  public static final int WRITE = 4;

  /** The whole tick. */
  public static final int TICK = 5;

  /** Names of the histograms, by index. */
  public static final String[] NAMES = {"lateness", "read", "infer", "safety", "write", "tick"};

  private final SingleWriterRecorder[] recorders = new SingleWriterRecorder[NAMES.length];
  private final Histogram[] cumulative = new Histogram[NAMES.length];
  private final LoopStatsSnapshot summarySnapshot = new LoopStatsSnapshot();
  private final AtomicLong ticks = new AtomicLong();
  private final AtomicLong missedPeriods = new AtomicLong();
  private final AtomicLong overruns = new AtomicLong();
  private final AtomicLong exceptions = new AtomicLong();

  /** Empty statistics. */
  public LoopStats() {
    for (int i = 0; i < NAMES.length; i++) {
      recorders[i] = new SingleWriterRecorder(1, HIGHEST_NS, 3);
      cumulative[i] = new Histogram(1, HIGHEST_NS, 3);
    }
  }

  /** Records one value (ns) into histogram {@code which}. Control thread. */
  public void record(int which, long valueNs) {
    recorders[which].recordValue(valueNs < 0 ? 0 : Math.min(valueNs, HIGHEST_NS));
  }

  /** Records the four phase times of a tick. Control thread. */
  public void recordPhases(long readNs, long inferNs, long safetyNs, long writeNs) {
    record(READ, readNs);
    record(INFER, inferNs);
    record(SAFETY, safetyNs);
    record(WRITE, writeNs);
  }

  /** Counts a completed tick. Control thread. */
  public void countTick() {
    ticks.lazySet(ticks.get() + 1);
  }

  /** Counts periods skipped after an overrun. Control thread. */
  public void countMissedPeriods(long periods) {
    missedPeriods.lazySet(missedPeriods.get() + periods);
  }

  /** Counts a tick that ended after the next deadline. Control thread. */
  public void countOverrun() {
    overruns.lazySet(overruns.get() + 1);
  }

  /** Counts a tick that threw. Control thread. */
  public void countException() {
    exceptions.lazySet(exceptions.get() + 1);
  }

  /** Ticks run. Any thread. */
  public long ticks() {
    return ticks.get();
  }

  /** Periods skipped (deadline misses). Any thread. */
  public long missedPeriods() {
    return missedPeriods.get();
  }

  /** Ticks that ended after the next deadline. Any thread. */
  public long overruns() {
    return overruns.get();
  }

  /** Ticks that threw. Any thread. */
  public long exceptions() {
    return exceptions.get();
  }

  /**
   * Moves the histograms recorded since the previous sample into {@code reuse} (recycling the
   * histograms it held from an earlier call) and copies the counters.
   *
   * @param reuse a snapshot used only with this {@code LoopStats}. Modified.
   * @return {@code reuse}
   */
  public synchronized LoopStatsSnapshot sampleInterval(LoopStatsSnapshot reuse) {
    Histogram[] h = reuse.histograms();
    for (int i = 0; i < NAMES.length; i++) {
      h[i] = recorders[i].getIntervalHistogram(h[i]);
      cumulative[i].add(h[i]);
    }
    reuse.setCounters(ticks(), missedPeriods(), overruns(), exceptions());
    return reuse;
  }

  /**
   * A cumulative histogram (everything sampled so far; call {@link #sampleInterval} or {@link
   * #summary} first). The returned histogram is live: read it under no concurrent sampling.
   */
  public synchronized Histogram cumulative(int which) {
    return cumulative[which];
  }

  /**
   * Samples and formats the cumulative statistics: p50/p99/p99.9/max of lateness and each phase in
   * microseconds, and the counters. Allocates: for exit and logs, not the control thread.
   */
  public synchronized String summary() {
    sampleInterval(summarySnapshot);
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "ticks %d, missed periods %d, overruns %d, exceptions %d%n",
            ticks(), missedPeriods(), overruns(), exceptions()));
    sb.append(String.format("%-9s %9s %9s %9s %9s%n", "(us)", "p50", "p99", "p99.9", "max"));
    for (int i = 0; i < NAMES.length; i++) {
      Histogram h = cumulative[i];
      sb.append(
          String.format(
              "%-9s %9.1f %9.1f %9.1f %9.1f%n",
              NAMES[i],
              h.getValueAtPercentile(50) / 1e3,
              h.getValueAtPercentile(99) / 1e3,
              h.getValueAtPercentile(99.9) / 1e3,
              h.getMaxValue() / 1e3));
    }
    return sb.toString();
  }
}
