package dev.reflex.plant.sim;

import java.lang.management.ManagementFactory;

/** Measures bytes allocated by the current thread (HotSpot's ThreadMXBean extension). */
public final class Allocations {
  private static final com.sun.management.ThreadMXBean BEAN =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private Allocations() {}

  /** Bytes the current thread has allocated so far. */
  public static long threadAllocatedBytes() {
    return BEAN.getCurrentThreadAllocatedBytes();
  }

  /** Runs {@code body} once to warm up, then again and returns the bytes it allocated. */
  public static long measure(Runnable body) {
    body.run();
    body.run();
    long before = threadAllocatedBytes();
    body.run();
    return threadAllocatedBytes() - before;
  }
}
