package dev.reflex.plant;

/**
 * Status codes returned by {@link PlantIO} reads and writes (ints, so the hot path never boxes).
 */
public final class PlantStatus {
  /** Fresh values. */
  public static final int OK = 0;

  /** Values are older than the stale-sensor timeout. */
  public static final int STALE = 1;

  /** The read or write failed. */
  public static final int FAILED = 2;

  private PlantStatus() {}

  /** A name for logs and telemetry. */
  public static String name(int status) {
    return switch (status) {
      case OK -> "ok";
      case STALE -> "stale";
      case FAILED -> "failed";
      default -> "unknown(" + status + ")";
    };
  }
}
