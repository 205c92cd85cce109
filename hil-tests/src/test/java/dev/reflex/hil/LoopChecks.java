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
   * Records the checks: ticks reached at least 90 % of rate × observed span (the loop keeps its
   * rate); no {@code DEADLINE_MISSES} fault event, i.e. never more consecutive misses than the
   * config's {@code safety.miss_budget}; total misses at most 5 % of ticks; median start lateness
   * under 10 % of a period in at least 90 % of the reports after the first. The p99/max lateness
   * are figures, not checks: on a loaded CI machine they measure the OS's preemption of the
   * process.
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
    r.figure("machine_load_average", loadAverage());
    r.atLeast("ticks ≥ 90 % of rate × observed span", ticks, 0.9 * rateHz * spanS);
    r.check(
        "no deadline-miss fault: never more than miss_budget (" + budget + ") consecutive misses",
        observer.on("event").stream()
            .noneMatch(
                m -> m.text("message").toUpperCase(java.util.Locale.ROOT).contains("DEADLINE")),
        observer.on("event").size() + " events");
    r.atMost("deadline misses ≤ 5 % of ticks", misses, 0.05 * ticks);
    int slow = 0;
    double worstP50 = 0;
    double worstP99 = 0;
    double worstMax = 0;
    for (int i = 1; i < loop.size(); i++) {
      double p50 = loop.get(i).number("lateness_p50_us");
      worstP50 = Math.max(worstP50, p50);
      worstP99 = Math.max(worstP99, loop.get(i).number("lateness_p99_us"));
      worstMax = Math.max(worstMax, loop.get(i).number("lateness_max_us"));
      if (!(p50 < 0.1 * periodUs)) {
        slow++;
      }
    }
    r.figure("lateness_p50_us_worst", worstP50);
    r.figure("lateness_p99_us_worst", worstP99);
    r.figure("lateness_max_us_worst", worstMax);
    r.atMost(
        "reports with median lateness ≥ 10 % of a period (" + (int) (0.1 * periodUs) + " µs)",
        slow,
        Math.floor(0.1 * (loop.size() - 1)));
  }

  /** The 1-minute load average (context for the timing figures), or NaN. */
  static double loadAverage() {
    try {
      return Double.parseDouble(
          java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (Exception e) {
      return Double.NaN;
    }
  }
}
