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
   * Asserts that {@code body} does not allocate per call: fewer than one byte per 10 calls over 100
   * 000 calls after 50 000 warm-up calls. The smallest object is 16 bytes, so an allocation in even
   * one call of 100 fails; the odd one-off allocation of the runtime (a few hundred bytes, seen
   * around file-channel writes and recompilation) does not.
   */
  static void assertNoAllocationPerCall(Runnable body) {
    int calls = 100_000;
    long bytes = bytesPerCalls(body, 50_000, calls);
    if (bytes >= calls / 10) {
      throw new AssertionError(bytes + " bytes allocated over " + calls + " calls");
    }
  }
}
