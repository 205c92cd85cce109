package dev.reflex.config;

/**
 * The control loop's schedule and thread.
 *
 * @param periodNs tick period (from {@code rate} or {@code period_us}), 1 ms .. 10 ms
 * @param cpu core the control thread is pinned to, -1 = not pinned
 * @param priority 0 = normal scheduling, 1..99 = SCHED_FIFO priority
 * @param spinMarginNs busy-wait this long before each deadline instead of sleeping
 * @param lockMemory call mlockall at start
 * @param learnerCpu core the learner thread is pinned to, -1 = not pinned
 */
public record LoopSection(
    long periodNs, int cpu, int priority, long spinMarginNs, boolean lockMemory, int learnerCpu) {

  /** The loop rate in Hz. */
  public double rateHz() {
    return 1e9 / periodNs;
  }
}
