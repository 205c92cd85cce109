package dev.reflex.app;

import dev.reflex.cli.VersionProvider;
import dev.reflex.config.ControllerConfig;
import dev.reflex.config.TelemetryConfig;
import dev.reflex.finetune.LearningListener;
import dev.reflex.finetune.LearningProgress;
import dev.reflex.finetune.RewardFunction;
import dev.reflex.loop.LoopStats;
import dev.reflex.loop.LoopStatsSnapshot;
import dev.reflex.loop.TickListener;
import dev.reflex.telemetry.CommandLimits;
import dev.reflex.telemetry.CommandQueue;
import dev.reflex.telemetry.LoopTimingReport;
import dev.reflex.telemetry.SignalName;
import dev.reflex.telemetry.TelemetryEvent;
import dev.reflex.telemetry.TelemetryFeed;
import dev.reflex.telemetry.TelemetryMeta;
import dev.reflex.telemetry.TelemetryPump;
import dev.reflex.telemetry.TelemetryRates;
import dev.reflex.telemetry.mqtt.EmbeddedBroker;
import dev.reflex.telemetry.mqtt.MqttTelemetry;
import dev.reflex.telemetry.mqtt.TelemetryOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Telemetry for one controller: the embedded broker when none is configured, the MQTT publisher
 * thread, the feed the control and learner threads write into, and the adapters from the loop's and
 * learner's own types to the feed's.
 */
final class TelemetryAssembly implements AutoCloseable {
  final TelemetryFeed feed;
  final CommandQueue commands;
  final MqttTelemetry mqtt;
  final EmbeddedBroker broker;
  final String brokerUrl;
  private final java.util.function.Supplier<LoopStats> loopStats;
  private final LoopStatsSnapshot snapshot = new LoopStatsSnapshot();
  private final java.util.function.LongSupplier controlAllocatedBytes;
  private final java.util.function.LongSupplier ringDrops;

  TelemetryAssembly(
      ControllerConfig config,
      String brokerOverride,
      java.util.function.Supplier<LoopStats> loopStats,
      java.util.function.LongSupplier controlAllocatedBytes,
      java.util.function.LongSupplier ringDrops,
      Map<String, int[]> shapes,
      String configHash,
      Consumer<String> log) {
    this.loopStats = loopStats;
    this.controlAllocatedBytes = controlAllocatedBytes;
    this.ringDrops = ringDrops;
    TelemetryConfig tc = config.telemetry();
    List<String> brokers = brokerOverride != null ? List.of(brokerOverride) : tc.brokers();
    if (brokers.isEmpty()) {
      int port = tc.embeddedPort() == 0 ? EmbeddedBroker.freePort("127.0.0.1") : tc.embeddedPort();
      broker =
          new EmbeddedBroker("127.0.0.1", port, Math.max(tc.maxMessageBytes(), 1 << 20)).start();
      brokerUrl = broker.url();
      log.accept(
          "telemetry: embedded MQTT broker at "
              + brokerUrl
              + " (watch: reflex monitor --broker "
              + brokerUrl
              + ")");
    } else {
      broker = null;
      brokerUrl = brokers.get(0);
      log.accept("telemetry: MQTT broker " + String.join(", ", brokers));
    }
    TelemetryMeta meta =
        new TelemetryMeta(
            config.name(),
            signals(config, true),
            signals(config, false),
            config.loop().rateHz(),
            shapes);
    feed = TelemetryFeed.forMeta(meta);
    Map<String, CommandLimits.Range> setpoints = new LinkedHashMap<>();
    for (var q : config.learning().reward().quadratic()) {
      double span = 10 * Math.max(1, Math.abs(q.setpoint()));
      setpoints.put(q.signal(), new CommandLimits.Range(q.setpoint() - span, q.setpoint() + span));
    }
    CommandLimits limits = CommandLimits.defaults();
    limits =
        new CommandLimits(
                limits.maxPayloadBytes(),
                Math.max(config.learning().exploration().cap(), 0),
                limits.setpoints(),
                limits.recentIds(),
                limits.maxTtlMs())
            .withSetpoints(setpoints);
    TelemetryOptions options =
        TelemetryOptions.of(brokerUrl, tc.deviceId())
            .withRates(
                new TelemetryRates(
                    Math.max(1, Math.min(50, tc.signalsHz())),
                    Math.max(100, Math.round(1000 / Math.max(tc.loopHz(), 0.1))),
                    TelemetryRates.defaults().batchPeriodMs(),
                    tc.qos(),
                    tc.maxMessageBytes()))
            .withCommandLimits(limits);
    if (brokers.size() > 1) {
      options =
          new TelemetryOptions(
              brokers,
              options.clientId(),
              options.deviceId(),
              options.root(),
              options.rates(),
              options.commandLimits(),
              options.commandQueueCapacity(),
              options.offlineBufferMessages(),
              options.reconnectMinMs(),
              options.reconnectMaxMs(),
              options.keepAliveS(),
              options.username(),
              options.password(),
              options.caFile(),
              options.clientCertFile(),
              options.clientKeyFile());
    }
    if (tc.clientId() != null && !tc.clientId().isBlank()) {
      options = options.withClientId(tc.clientId());
    }
    if (tc.username().isPresent()) {
      String password = tc.password().read().map(String::new).orElse(null);
      options = options.withCredentials(tc.username().get(), password);
    }
    if (tc.tls().isPresent()) {
      TelemetryConfig.Tls tls = tc.tls().get();
      options =
          options.withTls(
              tls.caFile().orElse(null), tls.certFile().orElse(null), tls.keyFile().orElse(null));
    }
    commands = new CommandQueue(options.commandQueueCapacity());
    mqtt =
        new MqttTelemetry(
            options,
            meta,
            feed,
            this::loopSnapshot,
            commands,
            new TelemetryPump.Identity(VersionProvider.version(), configHash));
  }

  private static List<SignalName> signals(ControllerConfig config, boolean observation) {
    List<SignalName> out = new ArrayList<>();
    if (observation) {
      config.observation().forEach(e -> out.add(new SignalName(snake(e.name()), e.unit())));
    } else {
      config.action().forEach(a -> out.add(new SignalName(snake(a.name()), a.unit())));
    }
    return out;
  }

  private static String snake(String name) {
    String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    return Character.isLetter(s.charAt(0)) ? s : "s_" + s;
  }

  /** The loop's interval histograms as telemetry's flat numbers (telemetry thread). */
  private void loopSnapshot(LoopTimingReport out) {
    LoopStats stats = loopStats.get();
    if (stats == null) {
      return;
    }
    stats.sampleInterval(snapshot);
    out.tickCount = stats.ticks();
    out.deadlineMisses = stats.missedPeriods();
    Histogram late = snapshot.histogram(LoopStats.LATENESS);
    out.latenessP50Us = us(late.getValueAtPercentile(50));
    out.latenessP99Us = us(late.getValueAtPercentile(99));
    out.latenessP999Us = us(late.getValueAtPercentile(99.9));
    out.latenessMaxUs = us(late.getMaxValue());
    out.readP99Us = us(snapshot.histogram(LoopStats.READ).getValueAtPercentile(99));
    out.inferP99Us = us(snapshot.histogram(LoopStats.INFER).getValueAtPercentile(99));
    out.safetyP99Us = us(snapshot.histogram(LoopStats.SAFETY).getValueAtPercentile(99));
    out.writeP99Us = us(snapshot.histogram(LoopStats.WRITE).getValueAtPercentile(99));
    out.controlAllocatedBytes = controlAllocatedBytes.getAsLong();
    out.ringDrops = ringDrops.getAsLong();
  }

  private static double us(long ns) {
    return ns / 1000.0;
  }

  /** The control thread's hook: every tick's signals and reward into the feed. */
  TickListener tickListener(RewardFunction reward) {
    return (tickIndex, tickStartNs, sensors, observation, action, flags) ->
        feed.signals(
            System.currentTimeMillis(), observation, action, reward.reward(observation, action));
  }

  /** The learner's progress and events into the feed. */
  LearningListener learningListener() {
    return new LearningListener() {
      @Override
      public void progress(LearningProgress p) {
        feed.learning(
            System.currentTimeMillis(),
            p.updates,
            p.criticLoss,
            p.actorLoss,
            p.meanQ,
            p.episodeReturn,
            p.explorationScale,
            p.replayFill,
            p.actorVersion,
            p.rollbacks,
            p.evalReturn,
            p.evaluations,
            p.evaluating);
      }

      @Override
      public void event(String kind, String message, double value) {
        TelemetryEvent.Kind k =
            switch (kind) {
              case "rollback", "rollback-failed" -> TelemetryEvent.Kind.ROLLBACK;
              case "checkpoint", "checkpoint-failed" -> TelemetryEvent.Kind.CHECKPOINT;
              case "actor-swap" -> TelemetryEvent.Kind.ACTOR_SWAP;
              default -> TelemetryEvent.Kind.INFO;
            };
        // the kind once: "rollback: ..." under kind rollback, "baseline: ..." under kind info
        feed.event(k, kind.equals(k.wireName()) ? message : kind + ": " + message, value);
      }
    };
  }

  void start() {
    mqtt.start();
  }

  @Override
  public void close() {
    mqtt.close();
    if (broker != null) {
      broker.stop();
    }
  }
}
