package dev.reflex.telemetry;

/**
 * Collects full-rate signal records for the optional {@code telemetry/batch} topic, column by
 * column: {@code {"ts":<first>,"n":N,"ts_ms":[..],"obs_theta":[..],..,"reward":[..]}}. Rows are
 * capped so that one batch stays below the message size limit.
 *
 * <p>Threading: telemetry thread only. Preallocated; {@link #toJson} allocates the payload.
 */
public final class SignalBatch {
  private static final int BYTES_PER_NUMBER = 24;

  private final TelemetryMeta meta;
  private final TelemetryJson json = new TelemetryJson();
  private final int width;
  private final int maxRows;
  private final double[][] columns;
  private int rows;

  /** Creates a batch for records of {@code meta}'s signals, below {@code maxMessageBytes}. */
  public SignalBatch(TelemetryMeta meta, int maxMessageBytes) {
    this.meta = meta;
    this.width = 2 + meta.observations().size() + meta.actions().size();
    this.maxRows = Math.max(1, Math.min(100_000, maxMessageBytes / (BYTES_PER_NUMBER * width) - 1));
    this.columns = new double[width][maxRows];
  }

  /**
   * Appends one record.
   *
   * @param record {@code [tsMs, obs.., action.., reward]}; not modified
   */
  public void add(double[] record) {
    for (int f = 0; f < width; f++) {
      columns[f][rows] = record[f];
    }
    rows++;
  }

  /** True when no more rows fit. */
  public boolean full() {
    return rows >= maxRows;
  }

  /** Rows held. */
  public int rows() {
    return rows;
  }

  /** Rows per batch at most. */
  public int maxRows() {
    return maxRows;
  }

  /** The batch as JSON; then empties it. */
  public byte[] toJson() {
    int nObs = meta.observations().size();
    int nAct = meta.actions().size();
    json.begin().number("ts", (long) columns[0][0]).number("n", rows);
    json.numbers("ts_ms", columns[0], rows);
    for (int i = 0; i < nObs; i++) {
      json.numbers(meta.observationKey(i), columns[1 + i], rows);
    }
    for (int i = 0; i < nAct; i++) {
      json.numbers(meta.actionKey(i), columns[1 + nObs + i], rows);
    }
    json.numbers("reward", columns[1 + nObs + nAct], rows);
    rows = 0;
    return json.end();
  }
}
