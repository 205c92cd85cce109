package dev.reflex.emulator;

import java.util.concurrent.locks.LockSupport;

/**
 * Runs a {@link PlantEmulator} in real time on an absolute schedule: tick k is due at {@code start
 * + k * period} (never "sleep a period"); after an overrun the missed periods are skipped and
 * counted, not run in a burst. Between ticks, delayed frames are released on time.
 *
 * <p>Threading: runs on the calling thread; {@link #stop} may come from any thread (a shutdown
 * hook).
 */
public final class EmulatorRunner {
  private static final long MAX_PARK_NS = 200_000L;

  private final PlantEmulator emulator;
  private volatile boolean stopping;

  /** A runner for {@code emulator}. */
  public EmulatorRunner(PlantEmulator emulator) {
    this.emulator = emulator;
  }

  /**
   * Ticks until {@code durationNs} has passed (0 or less: until {@link #stop}) or {@link #stop}.
   *
   * @return the number of ticks run
   */
  public long run(long durationNs) {
    long periodNs = emulator.periodNs();
    long startNs = System.nanoTime();
    long endK = durationNs > 0 ? (durationNs + periodNs - 1) / periodNs : Long.MAX_VALUE;
    long ticks = 0;
    long k = 0;
    while (!stopping) {
      long dueNs = startNs + k * periodNs;
      if (k >= endK) {
        break;
      }
      long nowNs = System.nanoTime();
      while (nowNs < dueNs && !stopping) {
        LockSupport.parkNanos(Math.min(MAX_PARK_NS, dueNs - nowNs));
        nowNs = System.nanoTime();
        emulator.releaseDelayed(nowNs);
      }
      if (stopping) {
        break;
      }
      emulator.tick(startNs + k * periodNs);
      ticks++;
      long afterNs = System.nanoTime();
      long next = k + 1;
      long behind = Math.min(endK, (afterNs - startNs) / periodNs);
      if (behind > next) {
        emulator.counters().overruns += behind - next;
        next = behind;
      }
      k = next;
    }
    return ticks;
  }

  /** Asks {@link #run} to return after the current tick. */
  public void stop() {
    stopping = true;
  }
}
