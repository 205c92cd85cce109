package dev.reflex.telemetry;

/**
 * The few learning facts a monitor that joins late still needs: the starting actor's baseline
 * return, the best return kept so far, and the rollbacks, taken from the events that announce them
 * ({@code baseline: ...}, {@code best: ...}, kind {@code rollback}). The pump publishes them
 * retained on {@code telemetry/summary} on every connect and every change, so the broker hands them
 * to any subscriber, however late.
 *
 * <p>Threading: the telemetry thread only.
 */
public final class LearningSummary {
  private double baseline = Double.NaN;
  private long baselineTsMs;
  private double best = Double.NaN;
  private long bestTsMs;
  private long rollbacks;

  /**
   * Takes one event.
   *
   * @param e the event; not modified
   * @return true if the summary changed (publish it)
   */
  public boolean observe(TelemetryEvent e) {
    String m = e.message();
    if (e.kind() == TelemetryEvent.Kind.INFO && m.startsWith("baseline:")) {
      baseline = e.value();
      baselineTsMs = e.tsMs();
      best = e.value(); // the baseline is the first best
      bestTsMs = e.tsMs();
      return true;
    }
    if (e.kind() == TelemetryEvent.Kind.INFO && m.startsWith("best:")) {
      best = e.value();
      bestTsMs = e.tsMs();
      return true;
    }
    if (e.kind() == TelemetryEvent.Kind.ROLLBACK && !m.startsWith("rollback-failed")) {
      rollbacks++;
      return true;
    }
    return false;
  }

  /** The baseline return, NaN before it was measured. */
  public double baseline() {
    return baseline;
  }

  /** When the baseline was measured (epoch ms), 0 before. */
  public long baselineTsMs() {
    return baselineTsMs;
  }

  /** The best return kept so far, NaN before the baseline. */
  public double best() {
    return best;
  }

  /** When the best was kept (epoch ms), 0 before. */
  public long bestTsMs() {
    return bestTsMs;
  }

  /** Rollbacks so far. */
  public long rollbacks() {
    return rollbacks;
  }
}
