package dev.reflex.testing;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Measures bytes allocated by the current thread (exact, from the JVM's TLAB accounting).
 *
 * <p>A measured window is taken only when the JIT was quiet around it: HotSpot finished no
 * compilation for {@link #SETTLE_NS} before it, nor from its start to the end of the window after
 * it. A window in which the JIT compiled (or recompiled after a deoptimisation) is named as such
 * and measured again; its bytes are not averaged away or compared with a bound. The figure returned
 * is the bytes of the first quiet window, exactly.
 */
public final class Allocations {
  private static final com.sun.management.ThreadMXBean BEAN =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

  /**
   * How long the JIT must have finished no compilation before a window starts: a method queued for
   * C2 runs uncompiled (its Vector API values on the heap) until its compilation finishes, and on a
   * loaded machine that can take well over one short window.
   */
  static final long SETTLE_NS = 500_000_000L;

  /** After this long without a settled window, the last window's figure is returned. */
  static final long MAX_WAIT_NS = 60_000_000_000L;

  private Allocations() {}

  /** Bytes the current thread has allocated so far. */
  public static long current() {
    return BEAN.getCurrentThreadAllocatedBytes();
  }

  /**
   * HotSpot's exact count of finished compilations, from its compilation MBean (the test JVM gets
   * {@code --add-exports java.management/sun.management=ALL-UNNAMED}); where that is not open, the
   * total compilation time in milliseconds, which a short compilation may leave unchanged.
   */
  private static final java.util.function.LongSupplier JIT_ACTIVITY = jitActivity();

  private static java.util.function.LongSupplier jitActivity() {
    try {
      Object bean =
          Class.forName("sun.management.ManagementFactoryHelper")
              .getMethod("getHotspotCompilationMBean")
              .invoke(null);
      java.lang.reflect.Method count =
          Class.forName("sun.management.HotspotCompilationMBean").getMethod("getTotalCompileCount");
      count.invoke(bean);
      return () -> {
        try {
          return (long) count.invoke(bean);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      };
    } catch (ReflectiveOperationException | RuntimeException e) {
      return () -> JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : 0;
    }
  }

  private static long compilationsSoFar() {
    return JIT_ACTIVITY.getAsLong();
  }

  /**
   * Runs {@code warmup} iterations, then windows of {@code calls} iterations until one passes with
   * no JIT compilation in the JVM, and returns the bytes the current thread allocated in it.
   */
  public static long measure(int warmup, int calls, Runnable body) {
    for (int i = 0; i < warmup; i++) {
      body.run();
    }
    long bytes = 0;
    long compiled = compilationsSoFar();
    long lastChangeNs = System.nanoTime();
    long giveUpNs = lastChangeNs + MAX_WAIT_NS;
    for (int window = 0; ; window++) {
      long windowStartNs = System.nanoTime();
      long before = current();
      for (int i = 0; i < calls; i++) {
        body.run();
      }
      bytes = current() - before;
      // A compilation is counted once it is installed, which can be just after its code first
      // ran: the window counts as quiet only if the JIT stays quiet through the next one too.
      for (int i = 0; i < calls; i++) {
        body.run();
      }
      long now = compilationsSoFar();
      if (now != compiled) {
        compiled = now;
        lastChangeNs = System.nanoTime();
      } else if (windowStartNs - lastChangeNs >= SETTLE_NS && window > 0) {
        return bytes; // no compilation finished for SETTLE_NS before the window, nor in it
      }
      if (System.nanoTime() > giveUpNs) {
        return bytes;
      }
    }
  }

  /**
   * Runs {@code body} twice to warm up, then once per window until a window passes with the JIT
   * quiet, and returns its bytes: for bodies that loop over many calls themselves.
   */
  public static long measure(Runnable body) {
    return measure(2, 1, body);
  }

  /**
   * Asserts that {@code body} allocates nothing: exactly 0 bytes over 100,000 calls after 50,000
   * warm-up calls, in a window the JIT did not disturb.
   */
  public static void assertNoAllocationPerCall(Runnable body) {
    int calls = 100_000;
    long bytes = measure(50_000, calls, body);
    if (bytes != 0) {
      throw new AssertionError(bytes + " bytes allocated over " + calls + " calls");
    }
  }
}
