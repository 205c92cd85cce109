package dev.reflex.telemetry.mqtt;

import dev.reflex.telemetry.CommandQueue;
import dev.reflex.telemetry.LoopStatsSource;
import dev.reflex.telemetry.TelemetryCounters;
import dev.reflex.telemetry.TelemetryFeed;
import dev.reflex.telemetry.TelemetryMeta;
import dev.reflex.telemetry.TelemetryPump;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The telemetry thread: owns the {@link MqttLink} and runs the {@link TelemetryPump} every few
 * milliseconds. Start it once; {@link #close} publishes the retained "offline" status and
 * disconnects cleanly.
 *
 * <p>Threading: {@link #start} and {@link #close} from the composition root; everything else runs
 * on the thread this class starts ("reflex-telemetry", a daemon).
 */
public final class MqttTelemetry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MqttTelemetry.class);
  private static final long ERROR_LOG_INTERVAL_MS = 10_000;

  private final TelemetryOptions options;
  private final TelemetryCounters counters = new TelemetryCounters();
  private final TelemetryPump pump;
  private final MqttLink link;
  private final long roundNs;
  private final Thread thread;
  private volatile boolean running;
  private long lastErrorLogMs;
  private String lastLoggedError = "";
  private boolean saidWaiting;
  private volatile Throwable failure;
  private volatile Error injected;
  private volatile java.util.function.Consumer<Throwable> onFailure = t -> {};

  /**
   * Wires a pump and a link.
   *
   * @param loopStats the loop's timing source, or null when no loop runs
   * @param commands where accepted commands go; the composition root drains it between ticks
   * @param identity version and config hash for {@code status}
   */
  public MqttTelemetry(
      TelemetryOptions options,
      TelemetryMeta meta,
      TelemetryFeed feed,
      LoopStatsSource loopStats,
      CommandQueue commands,
      TelemetryPump.Identity identity) {
    this.options = options;
    long startMs = System.currentTimeMillis();
    MqttLink[] linkRef = new MqttLink[1];
    this.pump =
        new TelemetryPump(
            meta,
            feed,
            options.rates(),
            loopStats,
            options.commandLimits(),
            commands,
            counters,
            (subtopic, payload, qos, retained) ->
                linkRef[0].publish(subtopic, payload, qos, retained),
            identity,
            startMs);
    this.link =
        new MqttLink(
            options, counters, pump.inbox(), now -> pump.statusPayload("offline", now), startMs);
    linkRef[0] = link;
    double signalPeriodMs = 1000.0 / options.rates().signalRateHz();
    this.roundNs =
        TimeUnit.MICROSECONDS.toNanos(
            (long) Math.max(2000, Math.min(10_000, signalPeriodMs * 500)));
    this.thread = new Thread(this::run, "reflex-telemetry");
    this.thread.setDaemon(true);
  }

  /** Starts the telemetry thread (connects in the background). */
  public void start() {
    running = true;
    thread.start();
    LOG.info(
        "telemetry: publishing under {} to {} (client id {})",
        options.root(),
        options.brokerUris(),
        options.clientId());
  }

  private void run() {
    try {
      while (running) {
        round();
        LockSupport.parkNanos(roundNs);
      }
    } catch (Throwable t) {
      failure = t;
      LOG.error(
          "telemetry: the telemetry thread failed ({}); telemetry stops, the loop goes on",
          t.toString(),
          t);
      try {
        onFailure.accept(t);
      } catch (RuntimeException ignored) {
        // the handler reports; it must not hide the first failure
      }
    }
  }

  private void round() {
    Error e0 = injected;
    if (e0 != null) {
      throw e0;
    }
    long now = System.currentTimeMillis();
    try {
      if (link.service(now)) {
        pump.onConnected(now);
        link.flushOffline();
        saidWaiting = false;
        LOG.info("telemetry: connected to {}", link.serverUri());
      }
      pump.runOnce(now);
    } catch (RuntimeException e) {
      logError("telemetry round failed: " + e, now);
    }
    String err = link.lastError();
    if (!link.connected() && !saidWaiting && !err.isEmpty()) {
      // one line per outage, whatever the rate limit: what telemetry waits for
      saidWaiting = true;
      lastLoggedError = err;
      lastErrorLogMs = now;
      LOG.warn(
          "telemetry: waiting for the MQTT broker at {} ({}); the loop runs without it",
          String.join(", ", options.brokerUris()),
          err);
    } else if (!err.isEmpty() && !err.equals(lastLoggedError)) {
      logError(err, now);
    }
  }

  /**
   * Who is told, on the telemetry thread, when the thread fails (an error escaped a round). Set
   * before {@link #start}.
   */
  public void onFailure(java.util.function.Consumer<Throwable> handler) {
    this.onFailure = handler;
  }

  /** What ended the telemetry thread abnormally, or null. */
  public Throwable failure() {
    return failure;
  }

  /** Test hook: the next round throws {@code t} out of the thread's loop. */
  void failForTest(Error t) {
    injected = t;
  }

  private void logError(String message, long nowMs) {
    if (nowMs - lastErrorLogMs >= ERROR_LOG_INTERVAL_MS) {
      lastErrorLogMs = nowMs;
      lastLoggedError = message;
      LOG.warn("telemetry: {}", message);
    }
  }

  /** Running totals of the link and the command channel. */
  public TelemetryCounters counters() {
    return counters;
  }

  /** The pump (for {@link TelemetryPump#setActorHash} and rejection counts). */
  public TelemetryPump pump() {
    return pump;
  }

  /** True while connected to a broker. */
  public boolean connected() {
    return link.connected();
  }

  /** True once the broker granted the command subscription of the current connection. */
  public boolean commandsSubscribed() {
    return link.commandsSubscribed();
  }

  /** The options in force. */
  public TelemetryOptions options() {
    return options;
  }

  /** Kills the connection without DISCONNECT (the broker then publishes the will). Tests only. */
  void abortConnectionForTest() throws Exception {
    link.abortConnection();
  }

  /** Stops the thread, publishes "offline" (retained) and disconnects cleanly. */
  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pump.runOnce(System.currentTimeMillis());
    link.close(pump.statusPayload("offline", System.currentTimeMillis()), 2000);
  }
}
