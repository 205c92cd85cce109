package dev.reflex.telemetry.mqtt;

import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential with "equal jitter". Attempt {@code k} (from 0) waits {@code e/2 +
 * uniform(0, e/2)} with {@code e = min(maxMs, minMs * 2^k)}, so a fleet of devices that lost the
 * same broker spreads its reconnects instead of arriving together, while each device still waits at
 * least half the exponential delay. Paho 1.2.5's own automatic reconnect doubles a delay that is
 * static across all clients of a JVM and has no jitter, so the link uses this instead.
 *
 * <p>Threading: one thread at a time.
 */
public final class MqttBackoff {
  private final long minMs;
  private final long maxMs;
  private final RandomGenerator random;
  private int attempt;

  /**
   * Creates a backoff between {@code minMs} and {@code maxMs} drawing jitter from {@code random}.
   */
  public MqttBackoff(long minMs, long maxMs, RandomGenerator random) {
    if (minMs < 1 || maxMs < minMs) {
      throw new IllegalArgumentException("backoff " + minMs + ".." + maxMs + " ms is invalid");
    }
    this.minMs = minMs;
    this.maxMs = maxMs;
    this.random = random;
  }

  /** The delay before the next attempt; each call counts one more failed attempt. */
  public long nextDelayMs() {
    long exp = attempt >= 62 ? maxMs : Math.min(maxMs, minMs << Math.min(attempt, 40));
    if (exp <= 0) {
      exp = maxMs;
    }
    attempt++;
    long half = exp / 2;
    return half + (long) (random.nextDouble() * (exp - half));
  }

  /** Starts over after a successful connection. */
  public void reset() {
    attempt = 0;
  }

  /** Failed attempts since the last reset. */
  public int attempts() {
    return attempt;
  }
}
