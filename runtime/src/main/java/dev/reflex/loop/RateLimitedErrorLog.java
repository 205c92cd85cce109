package dev.reflex.loop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs tick errors at most once per {@code minIntervalNs}, with the number suppressed since the
 * previous message, so a policy that throws every tick cannot flood the log or the CPU.
 *
 * <p>Threading: control thread. Allocates only when it logs.
 */
public final class RateLimitedErrorLog implements LoopErrorHandler {

  private static final Logger LOG = LoggerFactory.getLogger("dev.reflex.loop");

  private final long minIntervalNs;
  private final NanoClock clock;
  private long lastLogNs;
  private boolean logged;
  private long suppressed;
  private long messages;

  /**
   * @param minIntervalNs minimum time between two messages
   * @param clock the loop's clock
   */
  public RateLimitedErrorLog(long minIntervalNs, NanoClock clock) {
    this.minIntervalNs = minIntervalNs;
    this.clock = clock;
  }

  @Override
  public void onError(Throwable error, long errorCount) {
    long nowNs = clock.nanoTime();
    if (logged && nowNs - lastLogNs < minIntervalNs) {
      suppressed++;
      return;
    }
    logged = true;
    lastLogNs = nowNs;
    messages++;
    try {
      LOG.error(
          "control tick threw (error #{}, {} suppressed since last message); actuators safe, fault"
              + " latched",
          errorCount,
          suppressed,
          error);
    } catch (Throwable ignored) {
      // Logging must never take the loop down.
    }
    suppressed = 0;
  }

  /** Messages actually logged. */
  public long messages() {
    return messages;
  }
}
