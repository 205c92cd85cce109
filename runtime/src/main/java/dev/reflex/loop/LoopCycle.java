package dev.reflex.loop;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One scheduled iteration of the control loop, shared by the real thread ({@link LoopRunner}) and
 * the test-thread {@link LoopInvoker}: wait for the absolute deadline, apply the overrun policy,
 * run the {@link ControlTick}, catch anything it throws, and account timing.
 *
 * <p>Overrun policy (see {@link LoopSchedule}): a tick starting a full period or more after its
 * deadline skips the missed periods (counted) and waits for the first future deadline. A deadline
 * miss is a tick that ends after the next deadline or that follows skipped periods; consecutive
 * misses are passed to the safety filter, which latches a fault beyond its budget.
 *
 * <p>Errors: a throwable from the tick latches {@code TICK_EXCEPTION}, writes the safe action, is
 * counted and goes to the {@link LoopErrorHandler}; the loop continues.
 *
 * <p>Real-time: allocation-free and lock-free on the normal path (the error path may allocate in
 * the handler). Threading: one thread at a time.
 */
public final class LoopCycle {

  private final ControlTick tick;
  private final LoopSchedule schedule;
  private final WaitStrategy wait;
  private final NanoClock clock;
  private final LoopStats stats;
  private final LoopErrorHandler errors;
  private final double periodS;

  private long lastPeriodIndex;
  private boolean previousOverran;
  private int consecutiveMisses;
  private long errorCount;
  private final AtomicInteger lastFlags = new AtomicInteger();

  /**
   * @param tick the per-tick work
   * @param periodNs loop period
   * @param wait how to wait for deadlines
   * @param clock the loop's clock (the same one the tick times phases with)
   * @param stats where lateness, tick time and counters go
   * @param errors told about throwables from the tick
   */
  public LoopCycle(
      ControlTick tick,
      long periodNs,
      WaitStrategy wait,
      NanoClock clock,
      LoopStats stats,
      LoopErrorHandler errors) {
    this.tick = tick;
    this.schedule = new LoopSchedule(periodNs);
    this.wait = wait;
    this.clock = clock;
    this.stats = stats;
    this.errors = errors;
    this.periodS = periodNs * 1e-9;
  }

  /** Starts the schedule: the first deadline is {@code startNs}. */
  public void start(long startNs) {
    schedule.start(startNs);
    lastPeriodIndex = -1;
    previousOverran = false;
    consecutiveMisses = 0;
  }

  /**
   * Waits for the next deadline and runs one tick.
   *
   * @return false once the safety layer demands a controlled stop
   */
  public boolean runOnce() {
    long deadlineNs = schedule.deadlineNs();
    long nowNs = wait.awaitDeadline(deadlineNs, clock);
    // Lateness is measured against the deadline as scheduled, before any skipping, so a stall
    // shows in the histogram at its full length.
    stats.record(LoopStats.LATENESS, nowNs - deadlineNs);
    long skipped = 0;
    for (long s = schedule.skipMissed(nowNs); s > 0; s = schedule.skipMissed(nowNs)) {
      skipped += s;
      nowNs = wait.awaitDeadline(schedule.deadlineNs(), clock);
    }
    long periodIndex = schedule.periodIndex();
    if (skipped > 0) {
      stats.countMissedPeriods(skipped);
    }
    consecutiveMisses = (skipped > 0 || previousOverran) ? consecutiveMisses + 1 : 0;
    double dtS = lastPeriodIndex < 0 ? periodS : (periodIndex - lastPeriodIndex) * periodS;
    int flags = skipped > 0 ? TickFlags.LATE : 0;
    try {
      flags |= tick.doTick(nowNs, dtS, consecutiveMisses);
    } catch (Throwable t) {
      flags |= TickFlags.FAULTED;
      onError(t, nowNs);
    }
    long endNs = clock.nanoTime();
    stats.record(LoopStats.TICK, endNs - nowNs);
    stats.countTick();
    previousOverran = endNs > schedule.deadlineNs(periodIndex + 1);
    if (previousOverran) {
      stats.countOverrun();
    }
    lastPeriodIndex = periodIndex;
    lastFlags.lazySet(flags);
    schedule.advance();
    return !tick.stopRequested();
  }

  private void onError(Throwable error, long nowNs) {
    errorCount++;
    stats.countException();
    try {
      tick.failSafe(nowNs);
    } catch (Throwable again) {
      errorCount++;
      stats.countException();
      errors.onError(again, errorCount);
    }
    errors.onError(error, errorCount);
  }

  /** The per-tick work. */
  public ControlTick tick() {
    return tick;
  }

  /** The schedule (deadline arithmetic, current period). */
  public LoopSchedule schedule() {
    return schedule;
  }

  /** The loop's clock. */
  public NanoClock clock() {
    return clock;
  }

  /** The timing statistics. */
  public LoopStats stats() {
    return stats;
  }

  /** Deadline misses in a row up to the last tick. */
  public int consecutiveMisses() {
    return consecutiveMisses;
  }

  /** The {@link TickFlags} of the last tick (any thread). */
  public int lastFlags() {
    return lastFlags.get();
  }
}
