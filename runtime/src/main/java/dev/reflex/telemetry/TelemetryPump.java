package dev.reflex.telemetry;

import dev.reflex.telemetry.CommandDecision.Accepted;
import dev.reflex.telemetry.CommandDecision.Reason;
import dev.reflex.telemetry.CommandDecision.Rejected;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The telemetry thread's unit of work: drains the feed's rings and event queue, decimates signals,
 * aggregates statistics, publishes through a {@link TelemetrySink}, validates received commands
 * into the {@link CommandQueue} and acknowledges them. Holds no thread and no client; {@link
 * #runOnce} is called by the runner (or by a test with a manual clock).
 *
 * <p>Threading: telemetry thread only, except {@link #inbox()} (offered from any thread) and {@link
 * #setActorHash} (any thread).
 */
public final class TelemetryPump {
  /** Identity fields of the {@code status} topic. */
  public record Identity(String version, String configHash) {}

  private record PendingAck(String subtopic, byte[] body) {}

  private final TelemetryMeta meta;
  private final TelemetryFeed feed;
  private final TelemetryRates rates;
  private final LoopStatsSource loopStats;
  private final CommandValidator validator;
  private final CommandQueue commands;
  private final TelemetryCounters counters;
  private final TelemetrySink sink;
  private final Identity identity;
  private final long startMs;
  private final TelemetryPayloads payloads;
  private final SignalBatch batch;

  /** Received command messages waiting for validation; beyond, they are dropped and counted. */
  public static final int INBOX_CAPACITY = 8192;

  /** Acknowledgements waiting for the MQTT client's in-flight window; beyond, dropped, counted. */
  public static final int ACK_BACKLOG = 16384;

  /** A dropped-commands event is published at most this often. */
  private static final long DROP_EVENT_PERIOD_MS = 1_000;

  private final BoundedQueue<InboundCommand> inbox = new BoundedQueue<>(INBOX_CAPACITY);
  private final java.util.ArrayDeque<PendingAck> acks = new java.util.ArrayDeque<>();
  private static final int ACK_ATTEMPTS = 500;
  private int headAttempts;
  private long reportedDrops;
  private long reportedTakeovers;
  private final java.util.ArrayDeque<Long> takeoverTimesMs = new java.util.ArrayDeque<>();
  private long nextDropEventMs = Long.MIN_VALUE;
  private final AtomicLongArray rejectedByReason = new AtomicLongArray(Reason.values().length);
  private final LoopTimingReport stats = new LoopTimingReport();
  private final double[] signal;
  private final double[] learning = new double[TelemetryFeed.LEARNING_WIDTH];
  private final double signalPeriodMs;

  private volatile String actorHash = "";
  private String publishedActorHash = "";
  private volatile java.util.Map<String, String> statusFields = java.util.Map.of();
  private java.util.Map<String, String> publishedStatusFields = statusFields;
  private boolean haveLearning;
  private final LearningSummary summary = new LearningSummary();
  private double nextSignalTsMs = Double.NEGATIVE_INFINITY;
  private long nextStatsMs = Long.MIN_VALUE;
  private long nextBatchMs = Long.MIN_VALUE;
  private long signalsPublished;
  private long batchesPublished;

  /**
   * Creates a pump.
   *
   * @param loopStats loop timing source, or null when no loop runs (e.g. tests, monitor demos)
   */
  public TelemetryPump(
      TelemetryMeta meta,
      TelemetryFeed feed,
      TelemetryRates rates,
      LoopStatsSource loopStats,
      CommandLimits limits,
      CommandQueue commands,
      TelemetryCounters counters,
      TelemetrySink sink,
      Identity identity,
      long startMs) {
    this.meta = meta;
    this.feed = feed;
    this.rates = rates;
    this.loopStats = loopStats;
    this.validator = new CommandValidator(limits);
    this.commands = commands;
    this.counters = counters;
    this.sink = sink;
    this.identity = identity;
    this.startMs = startMs;
    this.payloads = new TelemetryPayloads(meta);
    this.batch = rates.batchPeriodMs() > 0 ? new SignalBatch(meta, rates.maxMessageBytes()) : null;
    this.signal = new double[feed.signalRing().width()];
    this.signalPeriodMs = 1000.0 / rates.signalRateHz();
  }

  /** Where the MQTT callback puts received command messages. */
  public BoundedQueue<InboundCommand> inbox() {
    return inbox;
  }

  /** Sets the running actor's hash; a change republishes {@code status}. Any thread. */
  public void setActorHash(String hash) {
    this.actorHash = hash == null ? "" : hash;
  }

  /**
   * Sets the controller's own string fields of {@code status} (copied; order kept); a change
   * republishes {@code status}. Any thread.
   */
  public void setStatusFields(java.util.Map<String, String> fields) {
    this.statusFields =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
  }

  /** The {@code status} body for {@code state} ("online"/"offline") at {@code nowMs}. */
  public byte[] statusPayload(String state, long nowMs) {
    return payloads.status(
        nowMs,
        state,
        identity.version(),
        identity.configHash(),
        actorHash,
        (nowMs - startMs) / 1000.0,
        statusFields);
  }

  /** Publishes the retained {@code status} (online) and {@code meta}; call after each connect. */
  public void onConnected(long nowMs) {
    publishedActorHash = actorHash;
    publishedStatusFields = statusFields;
    sink.publish("status", statusPayload("online", nowMs), 1, true);
    sink.publish("meta", payloads.meta(nowMs, rates.signalRateHz()), 1, true);
    // retained: replaces the previous run's summary, and reaches monitors that join late
    sink.publish("telemetry/summary", payloads.summary(nowMs, startMs, summary), 1, true);
  }

  /** Does one round of work at wall-clock time {@code nowMs}. */
  public void runOnce(long nowMs) {
    drainSignals(nowMs);
    drainLearning();
    if (nowMs >= nextStatsMs) {
      nextStatsMs = nowMs + rates.statsPeriodMs();
      publishStats(nowMs);
    }
    TelemetryEvent event;
    while ((event = feed.events().poll()) != null) {
      sink.publish("event", payloads.event(event), 1, false);
      if (summary.observe(event)) {
        sink.publish("telemetry/summary", payloads.summary(nowMs, startMs, summary), 1, true);
      }
    }
    handleCommands(nowMs);
    if (!actorHash.equals(publishedActorHash) || statusFields != publishedStatusFields) {
      publishedActorHash = actorHash;
      publishedStatusFields = statusFields;
      sink.publish("status", statusPayload("online", nowMs), 1, true);
    }
  }

  private void drainSignals(long nowMs) {
    TelemetryRing ring = feed.signalRing();
    while (ring.poll(signal)) {
      double tsMs = signal[0];
      if (tsMs >= nextSignalTsMs) {
        nextSignalTsMs =
            nextSignalTsMs + signalPeriodMs > tsMs
                ? nextSignalTsMs + signalPeriodMs
                : tsMs + signalPeriodMs;
        sink.publish("telemetry/signals", payloads.signals(signal), rates.telemetryQos(), false);
        signalsPublished++;
      }
      if (batch != null) {
        batch.add(signal);
        if (batch.full()) {
          publishBatch(nowMs);
        }
      }
    }
    if (batch != null && nowMs >= nextBatchMs) {
      if (batch.rows() > 0) {
        publishBatch(nowMs);
      }
      nextBatchMs = nowMs + rates.batchPeriodMs();
    }
  }

  private void publishBatch(long nowMs) {
    sink.publish("telemetry/batch", batch.toJson(), rates.telemetryQos(), false);
    batchesPublished++;
    nextBatchMs = nowMs + rates.batchPeriodMs();
  }

  private void drainLearning() {
    while (feed.learningRing().poll(learning)) {
      haveLearning = true;
    }
  }

  private void publishStats(long nowMs) {
    if (loopStats != null) {
      stats.clear();
      loopStats.snapshot(stats);
      sink.publish(
          "telemetry/loop",
          payloads.loop(nowMs, stats, signalDrops(), counters),
          rates.telemetryQos(),
          false);
    }
    if (haveLearning) {
      sink.publish(
          "telemetry/learning", payloads.learning(nowMs, learning), rates.telemetryQos(), false);
    }
  }

  private void handleCommands(long nowMs) {
    InboundCommand in;
    while ((in = inbox.poll()) != null) {
      CommandDecision decision = validator.validate(in.name(), in.payload(), in.retained(), nowMs);
      if (decision instanceof Accepted accepted) {
        Command command = accepted.command();
        if (commands.offer(command)) {
          counters.commandsAccepted.incrementAndGet();
          ack(nowMs, command.name(), command.id(), "accepted", "", "");
        } else {
          reject(
              nowMs,
              new Rejected(command.id(), command.name(), Reason.QUEUE_FULL, "command queue full"));
        }
      } else if (decision instanceof Rejected rejected) {
        reject(nowMs, rejected);
      }
    }
    CommandOutcome outcome;
    while ((outcome = commands.pollOutcome()) != null) {
      boolean done = outcome.result().done();
      (done ? counters.commandsDone : counters.commandsFailed).incrementAndGet();
      Command c = outcome.command();
      ack(nowMs, c.name(), c.id(), done ? "done" : "failed", "", outcome.result().reason());
    }
    flushAcks();
    reportDrops(nowMs);
    reportTakeovers(nowMs);
  }

  /**
   * An event after each reconnection that followed take-overs of this device's client id (the event
   * goes out once the device is back): how many since the last report and since start.
   */
  private void reportTakeovers(long nowMs) {
    long n = counters.sessionTakeovers.get();
    if (n != reportedTakeovers) {
      long fresh = n - reportedTakeovers;
      reportedTakeovers = n;
      takeoverTimesMs.addLast(nowMs);
      while (takeoverTimesMs.size() > 1 && nowMs - takeoverTimesMs.peekFirst() > 60_000) {
        takeoverTimesMs.pollFirst();
      }
      sink.publish(
          "event",
          payloads.event(
              new TelemetryEvent(
                  nowMs,
                  TelemetryEvent.Kind.FAULT,
                  "mqtt-takeover: the broker ended this device's connection "
                      + fresh
                      + " time(s), as when another client connects with its client id ("
                      + n
                      + " since start"
                      + (takeoverTimesMs.size() > 1
                          ? ", repeatedly: " + takeoverTimesMs.size() + " reports in 60 s"
                          : "")
                      + "); bind client ids to users on the broker (docs/telemetry.md)",
                  n)),
          1,
          false);
    }
  }

  /**
   * Publishes queued acks until the client refuses one (its in-flight window is full); the refused
   * one is retried next round, and dropped (counted) after {@link #ACK_ATTEMPTS} refusals.
   */
  private void flushAcks() {
    PendingAck a;
    while ((a = acks.peekFirst()) != null) {
      if (!sink.publish(a.subtopic(), a.body(), 1, false)) {
        if (++headAttempts >= ACK_ATTEMPTS) {
          acks.pollFirst();
          headAttempts = 0;
          counters.acksDropped.incrementAndGet();
        }
        return;
      }
      acks.pollFirst();
      headAttempts = 0;
    }
  }

  /** One event a second at most when commands were dropped unanswered (inbox or ack backlog). */
  private void reportDrops(long nowMs) {
    long drops = commandDrops();
    if (drops != reportedDrops && nowMs >= nextDropEventMs) {
      nextDropEventMs = nowMs + DROP_EVENT_PERIOD_MS;
      long fresh = drops - reportedDrops;
      reportedDrops = drops;
      sink.publish(
          "event",
          payloads.event(
              new TelemetryEvent(
                  nowMs,
                  TelemetryEvent.Kind.FAULT,
                  "commands-dropped: "
                      + fresh
                      + " command messages or acks dropped unanswered (inbox "
                      + INBOX_CAPACITY
                      + ", ack backlog "
                      + ACK_BACKLOG
                      + " full: a flood on cmd/+?); "
                      + drops
                      + " since start",
                  drops)),
          1,
          false);
    }
  }

  /** Command messages dropped before validation plus acks dropped, since start. */
  public long commandDrops() {
    return counters.inboxDropped.get() + counters.acksDropped.get() + commands.outcomesDropped();
  }

  private void reject(long nowMs, Rejected r) {
    counters.commandsRejected.incrementAndGet();
    rejectedByReason.incrementAndGet(r.reason().ordinal());
    ack(nowMs, r.name(), r.id(), "rejected", r.reason().code(), r.detail());
  }

  private void ack(
      long nowMs, String name, String id, String status, String reason, String detail) {
    if (acks.size() >= ACK_BACKLOG) {
      counters.acksDropped.incrementAndGet();
      return;
    }
    acks.addLast(
        new PendingAck("cmd/" + name + "/ack", payloads.ack(nowMs, id, status, reason, detail)));
  }

  /** Acks waiting for the client's in-flight window. */
  public int pendingAcks() {
    return acks.size();
  }

  /** Commands rejected for {@code reason} since start. */
  public long rejected(Reason reason) {
    return rejectedByReason.get(reason.ordinal());
  }

  /** Signal samples lost because the telemetry thread fell behind, plus events dropped. */
  public long signalDrops() {
    return feed.signalRing().lost() + feed.learningRing().lost() + feed.events().dropped();
  }

  /** Decimated signal messages published. */
  public long signalsPublished() {
    return signalsPublished;
  }

  /** Batch messages published. */
  public long batchesPublished() {
    return batchesPublished;
  }

  /** The meta this pump publishes. */
  public TelemetryMeta meta() {
    return meta;
  }
}
