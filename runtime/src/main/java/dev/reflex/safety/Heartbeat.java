package dev.reflex.safety;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The control thread's sign of life for the {@link Watchdog}: the time of the last completed tick,
 * and the watchdog's stall signal back to the control thread.
 *
 * <p>Real-time: allocation-free; no locks. Threading: {@link #beat} and {@link #takeStall} on the
 * control thread; {@link #arm}/{@link #disarm} by the loop's owner; the rest from the watchdog.
 */
public final class Heartbeat {

  private volatile long lastBeatNs;
  private volatile boolean armed;
  private final AtomicBoolean stall = new AtomicBoolean();

  /** Starts supervision: the watchdog counts from {@code nowNs}. */
  public void arm(long nowNs) {
    lastBeatNs = nowNs;
    armed = true;
  }

  /** Stops supervision (the loop stopped on purpose). */
  public void disarm() {
    armed = false;
  }

  /** True while supervised. */
  public boolean armed() {
    return armed;
  }

  /** Records a completed tick at {@code nowNs}. Control thread. */
  public void beat(long nowNs) {
    lastBeatNs = nowNs;
  }

  /** Time of the last beat (or of arming). */
  public long lastBeatNs() {
    return lastBeatNs;
  }

  /** Called by the watchdog when it fired. */
  void signalStall() {
    stall.set(true);
  }

  /**
   * Returns whether the watchdog fired since the last call, and clears the signal. Control thread;
   * a plain read first, so the usual (false) case costs no atomic operation.
   */
  public boolean takeStall() {
    return stall.get() && stall.getAndSet(false);
  }
}
