package dev.reflex.loop;

/**
 * A monotonic nanosecond clock. The loop, the safety filter and the watchdog read time only through
 * this interface, so tests drive them with a {@link ManualClock} instead of sleeping.
 *
 * <p>Real-time: allocation-free; no locks. Threading: any thread.
 */
public interface NanoClock {

  /** The current time in nanoseconds; only differences are meaningful. */
  long nanoTime();
}
