package dev.reflex.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reflex.finetune.LearningProgress;
import dev.reflex.format.AtomicFiles;
import dev.reflex.loop.LoopRunner;
import dev.reflex.loop.LoopStats;
import dev.reflex.plant.udp.UdpCounters;
import dev.reflex.plant.udp.UdpPlantIO;
import dev.reflex.safety.FaultKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The JSON summary {@code run --report FILE} writes at exit. */
final class RunReport {
  private RunReport() {}

  /**
   * Why a run that reached its end is not healthy (a fault other than a self-clearing timing fault
   * held at the end, e.g. the plant silent; a worker thread failed), or null when it is.
   */
  static String unhealthy(Controller c) {
    java.util.List<String> why = new java.util.ArrayList<>();
    // a timing fault at the last tick (a stall of the machine) clears itself within 0.2 s and says
    // nothing about the plant: it does not make the end unhealthy (too many of them stop the loop)
    int mask = c.faultMask() & ~(FaultKind.DEADLINE_MISSES.bit() | FaultKind.WATCHDOG_STALL.bit());
    if (mask != 0) {
      why.add("fault held at the end: " + FaultKind.describeMask(mask) + " (safe action applied)");
    }
    if (c.health.learnerFailure() != null) {
      why.add("learner thread failed: " + c.health.learnerFailure());
    }
    if (c.health.telemetryFailure() != null) {
      why.add("telemetry thread failed: " + c.health.telemetryFailure());
    }
    return why.isEmpty() ? null : String.join("; ", why);
  }

  static void write(Path file, Controller c, String stopReason, int exitStatus) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("controller", c.config.name());
    r.put("stop_reason", stopReason);
    r.put("exit_status", exitStatus);
    r.put(
        "health",
        exitStatus == 0
            ? "healthy"
            : exitStatus == RunCommand.FAULT_STOP
                ? "fault stop"
                : unhealthy(c) == null ? "error (see the run's output)" : unhealthy(c));
    r.put("state", c.lifecycle.state().name().toLowerCase(java.util.Locale.ROOT));
    r.put("uptime_s", (System.currentTimeMillis() - c.startMs) / 1000.0);
    LoopStats stats = c.lifecycle.stats();
    LoopRunner runner = c.lifecycle.runner();
    if (stats != null) {
      Map<String, Object> loop = new LinkedHashMap<>();
      loop.put("ticks", stats.ticks());
      loop.put("missed_periods", stats.missedPeriods());
      loop.put("overruns", stats.overruns());
      loop.put("exceptions", stats.exceptions());
      for (int i = 0; i < LoopStats.NAMES.length; i++) {
        Histogram h = stats.cumulative(i);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("p50_us", h.getValueAtPercentile(50) / 1000.0);
        p.put("p99_us", h.getValueAtPercentile(99) / 1000.0);
        p.put("p999_us", h.getValueAtPercentile(99.9) / 1000.0);
        p.put("max_us", h.getMaxValue() / 1000.0);
        loop.put(LoopStats.NAMES[i], p);
      }
      if (runner != null) {
        loop.put("control_thread_allocated_bytes_after_warmup", runner.allocatedBytesAfterWarmup());
      }
      loop.put(
          "step_ring_dropped", c.lifecycle.steps() == null ? 0 : c.lifecycle.steps().dropped());
      r.put("loop", loop);
    }
    r.put("faults", FaultKind.describeMask(c.faultMask()));
    r.put("memory", residentMemory(Path.of("/proc/self/status")));
    if (c.plant instanceof UdpPlantIO udp) {
      r.put("udp", udpCounters(udp.counters()));
    }
    if (c.learner != null) {
      LearningProgress p = c.learner.progress();
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("transitions", p.transitions);
      l.put("updates", p.updates);
      l.put("actor_updates", c.learner.learner().actorUpdates());
      l.put("episodes", p.episodes);
      l.put("last_episode_return", finite(p.episodeReturn));
      l.put("baseline_return", finite(p.baselineReturn));
      l.put("running_return", finite(p.runningReturn));
      l.put("eval_return", finite(p.evalReturn));
      l.put("evaluations", p.evaluations);
      l.put("evaluating", p.evaluating);
      l.put("actor_version", p.actorVersion);
      l.put("rollbacks", p.rollbacks);
      l.put("skipped_steps", p.skippedSteps);
      l.put("replay_size", c.learner.replay().size());
      l.put("started_from", c.fineTuning.startedFrom);
      l.put("state", c.health.learnerFailure() == null ? "on" : "failed");
      l.put("learner_failures", c.health.learnerFailures());
      l.put("learner_failure", c.health.learnerFailure());
      var lineage = c.fineTuning.lineage;
      if (lineage != null) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("actor_sha256", lineage.actorSha256());
        g.put("actor_file", lineage.actorFile().toString());
        g.put("started", java.time.Instant.ofEpochMilli(lineage.startedAtMs()).toString());
        g.put("started_at_ms", lineage.startedAtMs());
        g.put(
            "resumed_from",
            lineage.resumedFrom() == null ? null : lineage.resumedFrom().toString());
        g.put("retired_to", lineage.retiredTo() == null ? null : lineage.retiredTo().toString());
        l.put("lineage", g);
      }
      r.put("learning", l);
    }
    if (c.telemetry != null) {
      var k = c.telemetry.mqtt.counters();
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("broker", c.telemetry.brokerUrl);
      t.put("published", k.published.get());
      t.put("dropped_offline", k.droppedOffline.get());
      t.put("refused", k.refused.get());
      t.put("reconnects", k.reconnects.get());
      t.put("commands_accepted", k.commandsAccepted.get());
      t.put("commands_rejected", k.commandsRejected.get());
      t.put("connected", c.telemetry.mqtt.connected());
      t.put("thread_failures", c.health.telemetryFailures());
      t.put("thread_failure", c.health.telemetryFailure());
      r.put("telemetry", t);
    }
    try {
      byte[] json =
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(r);
      AtomicFiles.write(file, json);
    } catch (IOException e) {
      System.err.println("reflex: could not write the report " + file + ": " + e.getMessage());
    }
  }

  /**
   * The process's resident memory from {@code /proc/self/status}: {@code rss_bytes} (VmRSS, now)
   * and {@code peak_rss_bytes} (VmHWM, the high-water mark); empty where there is no procfs.
   */
  static Map<String, Object> residentMemory(Path status) {
    Map<String, Object> m = new LinkedHashMap<>();
    try {
      for (String line : java.nio.file.Files.readAllLines(status)) {
        String[] f = line.split("\\s+");
        if (f.length == 3 && f[2].equals("kB")) {
          if (f[0].equals("VmRSS:")) {
            m.put("rss_bytes", Long.parseLong(f[1]) * 1024);
          } else if (f[0].equals("VmHWM:")) {
            m.put("peak_rss_bytes", Long.parseLong(f[1]) * 1024);
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      // no procfs (not Linux): the report says nothing about memory
    }
    return m;
  }

  private static Object finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static Map<String, Object> udpCounters(UdpCounters u) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (var f : UdpCounters.class.getFields()) {
      try {
        Object v = f.get(u);
        m.put(f.getName(), v instanceof java.util.concurrent.atomic.AtomicLong a ? a.get() : v);
      } catch (IllegalAccessException ignored) {
        // public fields only
      }
    }
    return m;
  }
}
