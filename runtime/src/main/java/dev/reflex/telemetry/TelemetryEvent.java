package dev.reflex.telemetry;

/**
 * A rare, notable happening published on the {@code event} topic with QoS 1.
 *
 * @param tsMs wall-clock time, epoch milliseconds
 * @param kind what happened
 * @param message short human-readable detail; may be empty
 * @param value a number that goes with it (actor version, fault code, ...), or NaN
 */
public record TelemetryEvent(long tsMs, Kind kind, String message, double value) {

  /** The kinds of event; {@link #wireName()} is the {@code kind} field of the payload. */
  public enum Kind {
    FAULT("fault"),
    SAFE_STATE("safe-state"),
    ACTOR_SWAP("actor-swap"),
    CHECKPOINT("checkpoint"),
    ROLLBACK("rollback"),
    CONFIG_RELOAD("config-reload"),
    INFO("info");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    /** The name used in payloads. */
    public String wireName() {
      return wireName;
    }
  }

  /** Replaces a null message with an empty one. */
  public TelemetryEvent {
    if (kind == null) {
      throw new IllegalArgumentException("event kind is null");
    }
    message = message == null ? "" : message;
  }
}
