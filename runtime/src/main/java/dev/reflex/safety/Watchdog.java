package dev.reflex.safety;

import dev.reflex.plant.PlantIO;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detects a stalled control thread (no heartbeat within {@code timeoutNs}: a long GC pause, a hung
 * driver, an endless loop in a policy) and drives the actuators to their safe values itself with
 * {@link PlantIO#writeSafe}. It fires once per stall; the control thread, when it runs again, sees
 * the stall signal and latches {@link FaultKind#WATCHDOG_STALL}.
 *
 * <p>{@link #check} holds the whole decision and is called directly by tests with a manual clock;
 * {@link #start} runs it on a daemon thread every {@code checkPeriodNs}.
 *
 * <p>Threading: {@link #check} from one thread at a time (the watchdog thread or a test).
 */
public final class Watchdog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

  private final Heartbeat heartbeat;
  private final PlantIO plant;
  private final double[] safeValues;
  private final long timeoutNs;
  private final LongSupplier clockNs;
  private long firedForBeatNs = Long.MIN_VALUE;
  private volatile long firings;
  private volatile boolean running;
  private Thread thread;

  /**
   * @param heartbeat the control thread's heartbeat. Not modified.
   * @param plant the actuators to drive safe
   * @param safeValues one value per actuator channel. Copied.
   * @param timeoutNs stall threshold, > 0 (e.g. 5 periods, or 50 ms)
   * @param clockNs the same clock the control thread beats with (e.g. {@code clock::nanoTime})
   */
  public Watchdog(
      Heartbeat heartbeat,
      PlantIO plant,
      double[] safeValues,
      long timeoutNs,
      LongSupplier clockNs) {
    if (timeoutNs <= 0) {
      throw new IllegalArgumentException("watchdog timeoutNs must be > 0, got " + timeoutNs);
    }
    this.heartbeat = heartbeat;
    this.plant = plant;
    this.safeValues = safeValues.clone();
    this.timeoutNs = timeoutNs;
    this.clockNs = clockNs;
  }

  /**
   * One supervision step.
   *
   * @param nowNs the clock reading
   * @return true if it fired now (safe values written, stall signalled)
   */
  public boolean check(long nowNs) {
    if (!heartbeat.armed()) {
      return false;
    }
    long lastNs = heartbeat.lastBeatNs();
    if (nowNs - lastNs <= timeoutNs || lastNs == firedForBeatNs) {
      return false;
    }
    firedForBeatNs = lastNs;
    try {
      plant.writeSafe(safeValues);
    } catch (Throwable t) {
      LOG.error("watchdog: writeSafe failed", t);
    }
    heartbeat.signalStall();
    firings++;
    LOG.warn(
        "watchdog: no control tick for {} us (timeout {} us): actuators driven to safe values",
        (nowNs - lastNs) / 1000,
        timeoutNs / 1000);
    return true;
  }

  /** How many times it fired. */
  public long firings() {
    return firings;
  }

  /** The stall threshold in nanoseconds. */
  public long timeoutNs() {
    return timeoutNs;
  }

  /**
   * Starts the daemon thread {@code reflex-watchdog}, checking every {@code checkPeriodNs}.
   *
   * @param checkPeriodNs e.g. a quarter of the timeout
   */
  public synchronized void start(long checkPeriodNs) {
    if (thread != null) {
      throw new IllegalStateException("watchdog already started");
    }
    running = true;
    thread =
        Thread.ofPlatform()
            .name("reflex-watchdog")
            .daemon(true)
            .start(
                () -> {
                  while (running) {
                    check(clockNs.getAsLong());
                    LockSupport.parkNanos(checkPeriodNs);
                  }
                });
  }

  /** Stops the thread (if started) and waits for it. */
  @Override
  public synchronized void close() {
    running = false;
    if (thread != null) {
      LockSupport.unpark(thread);
      try {
        thread.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread = null;
    }
  }
}
