package dev.reflex.testing;

import java.lang.management.ManagementFactory;

/** Measures bytes allocated by the current thread (exact, from the JVM's TLAB accounting). */
public final class Allocations {
  private static final com.sun.management.ThreadMXBean BEAN =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private Allocations() {}

  /** Bytes the current thread has allocated so far. */
  public static long current() {
    return BEAN.getCurrentThreadAllocatedBytes();
  }

  /**
   * Runs {@code warmup} iterations, then up to five rounds of {@code calls} iterations, and returns
   * the bytes allocated by the quietest round. Rounds after the first absorb one-off allocations of
   * the JIT settling (deoptimisation, on-stack replacement); an allocation per call shows in every
   * round.
   */
  public static long measure(int warmup, int calls, Runnable body) {
    for (int i = 0; i < warmup; i++) {
      body.run();
    }
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 5 && best > 0; round++) {
      long before = current();
      for (int i = 0; i < calls; i++) {
        body.run();
      }
      best = Math.min(best, current() - before);
    }
    return best;
  }
}
