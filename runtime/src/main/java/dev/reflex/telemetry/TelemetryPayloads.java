package dev.reflex.telemetry;

import java.util.Map;

/**
 * Builds the JSON body of each telemetry topic. Every body is a flat object with {@code ts} in
 * epoch milliseconds and numeric fields, so generic MQTT dashboards plot them without glue.
 *
 * <p>Threading: one thread (the telemetry thread). Allocates the returned bytes.
 */
public final class TelemetryPayloads {
  private final TelemetryJson json = new TelemetryJson();
  private final TelemetryMeta meta;

  /** Creates payload builders for the signals described by {@code meta}. */
  public TelemetryPayloads(TelemetryMeta meta) {
    this.meta = meta;
  }

  /** {@code status}: {"ts","state","version","config_hash","actor_hash","uptime_s"}. */
  public byte[] status(
      long tsMs,
      String state,
      String version,
      String configHash,
      String actorHash,
      double uptimeS) {
    return status(tsMs, state, version, configHash, actorHash, uptimeS, Map.of());
  }

  /**
   * {@code status} with the controller's own string fields after the fixed ones (e.g. {@code
   * learning}: on/off/failed, {@code learning_failure}, the lineage's {@code lineage_*}).
   */
  public byte[] status(
      long tsMs,
      String state,
      String version,
      String configHash,
      String actorHash,
      double uptimeS,
      Map<String, String> fields) {
    json.begin()
        .number("ts", tsMs)
        .string("state", state)
        .string("version", version)
        .string("config_hash", configHash)
        .string("actor_hash", actorHash)
        .number("uptime_s", uptimeS);
    fields.forEach(json::string);
    return json.end();
  }

  /** {@code meta}: controller, signal names and units, loop rate, network shapes. */
  public byte[] meta(long tsMs, double signalRateHz) {
    json.begin().number("ts", tsMs).string("controller", meta.controller());
    json.number("loop_rate_hz", meta.loopRateHz()).number("signal_rate_hz", signalRateHz);
    json.beginArray("obs_keys");
    for (int i = 0; i < meta.observations().size(); i++) {
      json.arrayString(meta.observationKey(i));
    }
    json.endArray().beginArray("obs_units");
    meta.observations().forEach(s -> json.arrayString(s.unit()));
    json.endArray().beginArray("act_keys");
    for (int i = 0; i < meta.actions().size(); i++) {
      json.arrayString(meta.actionKey(i));
    }
    json.endArray().beginArray("act_units");
    meta.actions().forEach(s -> json.arrayString(s.unit()));
    json.endArray();
    for (Map.Entry<String, int[]> e : meta.networkShapes().entrySet()) {
      json.numbers(e.getKey() + "_shape", e.getValue());
    }
    return json.end();
  }

  /**
   * {@code telemetry/signals}: {"ts", obs_*, act_*, "reward"} from one signal record.
   *
   * @param record {@code [tsMs, obs.., action.., reward]}; not modified
   */
  public byte[] signals(double[] record) {
    int nObs = meta.observations().size();
    int nAct = meta.actions().size();
    json.begin().number("ts", (long) record[0]);
    for (int i = 0; i < nObs; i++) {
      json.number(meta.observationKey(i), record[1 + i]);
    }
    for (int i = 0; i < nAct; i++) {
      json.number(meta.actionKey(i), record[1 + nObs + i]);
    }
    return json.number("reward", record[1 + nObs + nAct]).end();
  }

  /**
   * {@code telemetry/learning} from one learning record. {@code eval_return} is {@code null} until
   * the first evaluation finished; {@code evaluating} is 1 while the actor is evaluated, else 0.
   *
   * @param r a record laid out by {@link TelemetryFeed}'s {@code L_*} indexes; not modified
   */
  public byte[] learning(long tsMs, double[] r) {
    return json.begin()
        .number("ts", tsMs)
        .number("updates", (long) r[TelemetryFeed.L_UPDATES])
        .number("critic_loss", r[TelemetryFeed.L_CRITIC_LOSS])
        .number("actor_loss", r[TelemetryFeed.L_ACTOR_LOSS])
        .number("mean_q", r[TelemetryFeed.L_MEAN_Q])
        .number("episode_return", r[TelemetryFeed.L_EPISODE_RETURN])
        .number("exploration", r[TelemetryFeed.L_EXPLORATION])
        .number("replay_fill", r[TelemetryFeed.L_REPLAY_FILL])
        .number("actor_version", (long) r[TelemetryFeed.L_ACTOR_VERSION])
        .number("rollbacks", (long) r[TelemetryFeed.L_ROLLBACKS])
        .number("eval_return", r[TelemetryFeed.L_EVAL_RETURN])
        .number("evaluations", (long) r[TelemetryFeed.L_EVALUATIONS])
        .number("evaluating", (long) r[TelemetryFeed.L_EVALUATING])
        .number("sample_age_ms", tsMs - (long) r[TelemetryFeed.L_TS_MS])
        .end();
  }

  /** {@code telemetry/loop}: loop timing plus the link's counters. */
  public byte[] loop(long tsMs, LoopTimingReport s, long signalDrops, TelemetryCounters c) {
    return json.begin()
        .number("ts", tsMs)
        .number("ticks", s.tickCount)
        .number("deadline_misses", s.deadlineMisses)
        .number("lateness_p50_us", s.latenessP50Us)
        .number("lateness_p99_us", s.latenessP99Us)
        .number("lateness_p999_us", s.latenessP999Us)
        .number("lateness_max_us", s.latenessMaxUs)
        .number("read_p99_us", s.readP99Us)
        .number("infer_p99_us", s.inferP99Us)
        .number("safety_p99_us", s.safetyP99Us)
        .number("write_p99_us", s.writeP99Us)
        .number("control_alloc_bytes", s.controlAllocatedBytes)
        .number("loop_ring_drops", s.ringDrops)
        .number("signal_drops", signalDrops)
        .number("mqtt_published", c.published.get())
        .number("mqtt_dropped", c.droppedOffline.get())
        .number("mqtt_refused", c.refused.get())
        .number("mqtt_reconnects", c.reconnects.get())
        .number("mqtt_takeovers", c.sessionTakeovers.get())
        .number("cmd_accepted", c.commandsAccepted.get())
        .number("cmd_rejected", c.commandsRejected.get())
        .number("cmd_done", c.commandsDone.get())
        .number("cmd_failed", c.commandsFailed.get())
        .number("cmd_dropped", c.inboxDropped.get() + c.acksDropped.get())
        .end();
  }

  /** {@code event}: {"ts","kind","message","value"}. */
  public byte[] event(TelemetryEvent e) {
    return json.begin()
        .number("ts", e.tsMs())
        .string("kind", e.kind().wireName())
        .string("message", e.message())
        .number("value", e.value())
        .end();
  }

  /**
   * {@code telemetry/summary} (retained): {"ts","run_start_ms","baseline","baseline_ts","best",
   * "best_ts","rollbacks"}; null for what is not measured yet.
   */
  public byte[] summary(long tsMs, long runStartMs, LearningSummary s) {
    return json.begin()
        .number("ts", tsMs)
        .number("run_start_ms", runStartMs)
        .number("baseline", s.baseline())
        .number("baseline_ts", s.baselineTsMs() == 0 ? Double.NaN : s.baselineTsMs())
        .number("best", s.best())
        .number("best_ts", s.bestTsMs() == 0 ? Double.NaN : s.bestTsMs())
        .number("rollbacks", s.rollbacks())
        .end();
  }

  /** {@code cmd/<name>/ack}: {"ts","id","status","reason","detail"}. */
  public byte[] ack(long tsMs, String id, String status, String reason, String detail) {
    return json.begin()
        .number("ts", tsMs)
        .string("id", id)
        .string("status", status)
        .string("reason", reason)
        .string("detail", detail)
        .end();
  }
}
