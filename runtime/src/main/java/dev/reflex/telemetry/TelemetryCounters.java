package dev.reflex.telemetry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Running totals of the telemetry link, published on {@code telemetry/loop} and readable by the
 * composition root. Monotonic since start.
 *
 * <p>Threading: any thread (atomic counters).
 */
public final class TelemetryCounters {
  /** Messages handed to the MQTT client (sent now or queued in its offline buffer). */
  public final AtomicLong published = new AtomicLong();

  /** Messages dropped because the offline buffer or the in-flight window was full. */
  public final AtomicLong droppedOffline = new AtomicLong();

  /** Messages the broker refused with a reason code >= 0x80, or that failed to send. */
  public final AtomicLong refused = new AtomicLong();

  /** Successful reconnections after a lost connection. */
  public final AtomicLong reconnects = new AtomicLong();

  /** Connection attempts that failed. */
  public final AtomicLong connectFailures = new AtomicLong();

  /** Commands accepted into the command queue. */
  public final AtomicLong commandsAccepted = new AtomicLong();

  /** Commands rejected by validation (each acknowledged). */
  public final AtomicLong commandsRejected = new AtomicLong();

  /** Commands the applier reported done. */
  public final AtomicLong commandsDone = new AtomicLong();

  /** Commands the applier reported failed. */
  public final AtomicLong commandsFailed = new AtomicLong();

  /** Inbound messages dropped because the inbox was full (never validated, never acked). */
  public final AtomicLong inboxDropped = new AtomicLong();

  /**
   * Connections the broker ended: DISCONNECT 0x8E (another client took this client id) or end of
   * stream (Mosquitto 2.0 closes a taken-over connection without a reason; also a broker stop).
   */
  public final AtomicLong sessionTakeovers = new AtomicLong();

  /** Command acks dropped because the ack backlog was full. */
  public final AtomicLong acksDropped = new AtomicLong();
}
