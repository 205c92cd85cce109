package dev.reflex.loop;

/**
 * How the control thread waits for the next absolute deadline.
 *
 * <p>Real-time: implementations are allocation-free. Threading: control thread only.
 */
public interface WaitStrategy {

  /**
   * Returns once {@code clock.nanoTime() >= deadlineNs}; returns at once if the deadline has
   * passed.
   *
   * @param deadlineNs absolute time on {@code clock}
   * @param clock the loop's clock. Not modified (a manual clock may be advanced by test
   *     strategies).
   * @return the clock reading on return, {@code >= deadlineNs}
   */
  long awaitDeadline(long deadlineNs, NanoClock clock);
}
