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

  /**
   * Runs {@code body} once per call, twice to warm up, then in up to five rounds of one call, and
   * returns the quietest round's bytes: for bodies that loop over many calls themselves.
   */
  public static long measure(Runnable body) {
    return measure(2, 1, body);
  }

  /**
   * Asserts that {@code body} does not allocate per call: fewer than one byte per 10 calls over
   * 100,000 calls (quietest of five rounds) after 50,000 warm-up calls. The smallest object is 16
   * bytes, so an allocation in even one call in 100 fails; a one-off allocation of the runtime (a
   * few hundred bytes around file-channel writes or recompilation) does not.
   */
  public static void assertNoAllocationPerCall(Runnable body) {
    int calls = 100_000;
    long bytes = measure(50_000, calls, body);
    if (bytes >= calls / 10) {
      throw new AssertionError(bytes + " bytes allocated over " + calls + " calls");
    }
  }
}
