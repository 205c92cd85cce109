package dev.reflex.loop;

/**
 * Settings of the control loop (the safety settings are in {@code SafetyConfig}). Validated at
 * construction; each message names the field, the value and the allowed range.
 *
 * @param periodNs loop period; 1_000_000 (1 kHz) to 10_000_000 (100 Hz) is the intended range,
 *     [100_000, 1_000_000_000] is accepted
 * @param spinMarginNs how long before each deadline the thread stops parking and spins, [0, period]
 * @param cpu CPU to pin the control thread to, -1 for none
 * @param fifoPriority SCHED_FIFO priority 1..99, 0 for none
 * @param lockMemory true to mlockall the process
 * @param watchdogTimeoutNs no heartbeat for this long drives the actuators safe, > period
 * @param stepRingCapacity records in the learner's step ring, >= 1
 * @param warmupTicks ticks before the control thread's allocation baseline is taken
 * @param errorLogIntervalNs minimum time between two tick-error messages
 */
public record LoopConfig(
    long periodNs,
    long spinMarginNs,
    int cpu,
    int fifoPriority,
    boolean lockMemory,
    long watchdogTimeoutNs,
    int stepRingCapacity,
    long warmupTicks,
    long errorLogIntervalNs) {

  /** Validates every field. */
  public LoopConfig {
    check("periodNs", periodNs, 100_000, 1_000_000_000);
    check("spinMarginNs", spinMarginNs, 0, periodNs);
    check("cpu", cpu, -1, 1023);
    check("fifoPriority", fifoPriority, 0, 99);
    check("watchdogTimeoutNs", watchdogTimeoutNs, periodNs + 1, 60_000_000_000L);
    check("stepRingCapacity", stepRingCapacity, 1, 1 << 24);
    check("warmupTicks", warmupTicks, 0, Long.MAX_VALUE);
    check("errorLogIntervalNs", errorLogIntervalNs, 0, Long.MAX_VALUE);
  }

  /**
   * Defaults for a rate: spin margin 150 us (capped at the period), no pinning, no SCHED_FIFO, no
   * mlockall, watchdog at 20 periods (at least 20 ms), a 4096-record ring, 2000 warm-up ticks, one
   * error message per second.
   */
  public static LoopConfig atRate(double rateHz) {
    long periodNs = Math.round(1e9 / rateHz);
    return new LoopConfig(
        periodNs,
        Math.min(150_000, periodNs),
        -1,
        0,
        false,
        Math.max(20 * periodNs, 20_000_000L),
        4096,
        2000,
        1_000_000_000L);
  }

  /** A copy with thread set-up requests. */
  public LoopConfig withThreadSetup(int pinCpu, int priority, boolean mlock) {
    return new LoopConfig(
        periodNs,
        spinMarginNs,
        pinCpu,
        priority,
        mlock,
        watchdogTimeoutNs,
        stepRingCapacity,
        warmupTicks,
        errorLogIntervalNs);
  }

  /** A copy with another spin margin. */
  public LoopConfig withSpinMarginNs(long marginNs) {
    return new LoopConfig(
        periodNs,
        marginNs,
        cpu,
        fifoPriority,
        lockMemory,
        watchdogTimeoutNs,
        stepRingCapacity,
        warmupTicks,
        errorLogIntervalNs);
  }

  /** A copy with another warm-up length. */
  public LoopConfig withWarmupTicks(long ticks) {
    return new LoopConfig(
        periodNs,
        spinMarginNs,
        cpu,
        fifoPriority,
        lockMemory,
        watchdogTimeoutNs,
        stepRingCapacity,
        ticks,
        errorLogIntervalNs);
  }

  /** The thread set-up request. */
  public ThreadSetup.Request threadSetup() {
    return new ThreadSetup.Request(cpu, fifoPriority, lockMemory);
  }

  private static void check(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "loop: "
              + field
              + " = "
              + value
              + " outside the allowed range ["
              + min
              + ", "
              + max
              + "]");
    }
  }
}
