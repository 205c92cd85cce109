package dev.reflex.telemetry;

/**
 * Where the telemetry thread reads the control loop's timing, once per second. The loop implements
 * it over its HdrHistogram recorder (interval histograms swapped, so the control thread never
 * waits).
 *
 * <p>Threading: called on the telemetry thread only.
 */
@FunctionalInterface
public interface LoopStatsSource {
  /**
   * Fills {@code out} with the statistics of the interval since the previous call.
   *
   * @param out holder; modified (every field is set)
   */
  void snapshot(LoopTimingReport out);
}
