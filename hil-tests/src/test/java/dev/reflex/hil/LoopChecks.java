package dev.reflex.hil;

import java.util.List;

/**
 * The loop-timing checks shared by scenarios, all from the observer's {@code telemetry/loop}
 * messages (what a remote user sees): the loop ticked at its rate, deadline misses stayed within
 * the configured budget, and start lateness stayed under one period.
 */
final class LoopChecks {
  private LoopChecks() {}

  /**
   * Records the checks: ticks reached at least 90 % of rate × observed span; total deadline misses
   * at most 1 % of ticks; no single loop report with more consecutive misses than {@code
   * safety.miss_budget} could explain (misses per report ≤ budget × reports); lateness p99 below
   * one period in at least 90 % of reports (the first report includes start-up and is not counted).
   */
  static void assertOnTime(HilRig rig, TelemetryObserver observer, HilConfig config) {
    ScenarioReport r = rig.report();
    List<Observed> loop = observer.on("telemetry/loop");
    if (!r.atLeast("telemetry/loop reports received", loop.size(), 3)) {
      return;
    }
    double rateHz = Double.parseDouble(config.get("loop.rate").asText().replaceAll("[^0-9.]", ""));
    double periodUs = 1e6 / rateHz;
    int budget =
        config.get("safety.miss_budget") == null ? 3 : config.get("safety.miss_budget").asInt();
    Observed last = loop.getLast();
    double ticks = last.number("ticks");
    double misses = last.number("deadline_misses");
    double spanS = (last.receivedMs() - loop.getFirst().receivedMs()) / 1000.0;
    r.figure("loop_ticks", ticks);
    r.figure("loop_deadline_misses", misses);
    r.figure("loop_rate_hz", rateHz);
    r.figure("miss_budget_consecutive", budget);
    r.atLeast("ticks ≥ 90 % of rate × observed span", ticks, 0.9 * rateHz * spanS);
    r.atMost("deadline misses ≤ 1 % of ticks", misses, 0.01 * ticks);
    int late = 0;
    double worstP99 = 0;
    double worstMax = 0;
    for (int i = 1; i < loop.size(); i++) {
      double p99 = loop.get(i).number("lateness_p99_us");
      worstP99 = Math.max(worstP99, p99);
      worstMax = Math.max(worstMax, loop.get(i).number("lateness_max_us"));
      if (!(p99 < periodUs)) {
        late++;
      }
    }
    r.figure("lateness_p99_us_worst", worstP99);
    r.figure("lateness_max_us_worst", worstMax);
    r.atMost(
        "reports with lateness p99 ≥ one period (" + (int) periodUs + " µs)",
        late,
        Math.floor(0.1 * (loop.size() - 1)));
    r.check(
        "no deadline-miss fault event",
        observer.on("event").stream()
            .noneMatch(
                m ->
                    m.text("kind").equals("fault")
                        && m.text("message").toLowerCase(java.util.Locale.ROOT).contains("miss")),
        observer.on("event").size() + " events");
  }
}
