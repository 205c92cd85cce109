package dev.reflex.plant.pi4j;

import java.lang.management.ManagementFactory;

/** Measures heap allocation of the current thread (HotSpot's ThreadMXBean extension). */
final class Allocations {

  private Allocations() {}

  /**
   * Runs {@code body} {@code warmUp} times, then {@code calls} times, and returns the bytes the
   * current thread allocated during the measured calls.
   */
  static long bytesPerCalls(Runnable body, int warmUp, int calls) {
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int i = 0; i < warmUp; i++) {
      body.run();
    }
    long before = bean.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < calls; i++) {
      body.run();
    }
    return bean.getCurrentThreadAllocatedBytes() - before;
  }

  /**
   * Asserts that {@code body} does not allocate per call: fewer than one byte per 100 calls over
   * 100 000 calls after 20 000 warm-up calls (the smallest object is 16 bytes, so any per-call
   * allocation fails; a one-off allocation by the JIT or the runtime does not).
   */
  static void assertNoAllocationPerCall(Runnable body) {
    int calls = 100_000;
    long bytes = bytesPerCalls(body, 20_000, calls);
    if (bytes >= calls / 100) {
      throw new AssertionError(bytes + " bytes allocated over " + calls + " calls");
    }
  }
}
