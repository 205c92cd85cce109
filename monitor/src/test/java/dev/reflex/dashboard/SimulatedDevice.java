package dev.reflex.dashboard;

import dev.reflex.telemetry.CommandQueue;
import dev.reflex.telemetry.CommandResult;
import dev.reflex.telemetry.LoopTimingReport;
import dev.reflex.telemetry.SignalName;
import dev.reflex.telemetry.TelemetryEvent;
import dev.reflex.telemetry.TelemetryFeed;
import dev.reflex.telemetry.TelemetryMeta;
import dev.reflex.telemetry.TelemetryPump;
import dev.reflex.telemetry.TelemetryRates;
import dev.reflex.telemetry.mqtt.MqttTelemetry;
import dev.reflex.telemetry.mqtt.TelemetryOptions;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A device for the dashboard tests: the real device-side publisher ({@link MqttTelemetry}) fed by a
 * thread that plays a damped pendulum at 200 Hz, reports learning progress (with a noise-free
 * evaluation in the last second of every {@value #EVALUATION_CYCLE_MS} ms, the first one the
 * baseline), and applies the commands that arrive (recording them) like the control loop does
 * between ticks.
 */
final class SimulatedDevice implements AutoCloseable {
  static final TelemetryMeta META =
      new TelemetryMeta(
          "pendulum",
          List.of(
              new SignalName("cos_theta", ""),
              new SignalName("sin_theta", ""),
              new SignalName("theta_dot_rad_s", "rad/s")),
          List.of(new SignalName("torque_nm", "N·m")),
          200,
          Map.of("actor", new int[] {3, 64, 64, 1}));

  /** Learning, then a 1 s evaluation, in turn: an evaluation finishes every cycle. */
  static final long EVALUATION_CYCLE_MS = 3000;

  final TelemetryFeed feed = TelemetryFeed.forMeta(META);
  final CommandQueue commands = new CommandQueue(16);
  final ConcurrentLinkedQueue<dev.reflex.telemetry.Command> applied = new ConcurrentLinkedQueue<>();
  final MqttTelemetry telemetry;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean holdCommands;
  private volatile double baseline = Double.NaN;
  private long ticks;

  SimulatedDevice(String brokerUrl, String id) {
    TelemetryOptions o =
        TelemetryOptions.of(brokerUrl, id)
            .withReconnect(200, 2000, 100)
            .withRates(TelemetryRates.defaults().withSignalRateHz(50));
    telemetry =
        new MqttTelemetry(
            o, META, feed, this::loopStats, commands, new TelemetryPump.Identity("0.1.0", "cfg1"));
    thread = new Thread(this::run, "simulated-" + id);
    thread.setDaemon(true);
  }

  SimulatedDevice start() {
    telemetry.start();
    thread.start();
    return this;
  }

  /** Announces this baseline return ~0.3 s after start, as the on-board learner does. */
  SimulatedDevice withBaseline(double value) {
    baseline = value;
    return this;
  }

  /** While true, accepted commands stay queued (not applied). */
  void holdCommands(boolean hold) {
    holdCommands = hold;
  }

  private void loopStats(LoopTimingReport s) {
    s.tickCount = ticks;
    s.deadlineMisses = ticks / 5000;
    s.latenessP50Us = 11 + (ticks % 7);
    s.latenessP99Us = 38 + (ticks % 13);
    s.latenessP999Us = 80;
    s.latenessMaxUs = 95 + (ticks % 31);
    s.inferP99Us = 3.1;
  }

  private void run() {
    SplittableRandom rnd = new SplittableRandom(42);
    double theta = 2.5;
    double omega = 0;
    double episodeReturn = -1200;
    double evalReturn = Double.NaN;
    long evaluations = 0;
    double[] obs = new double[3];
    double[] act = new double[1];
    long start = System.currentTimeMillis();
    while (running) {
      long now = System.currentTimeMillis();
      for (int i = 0; i < 2; i++) {
        act[0] =
            Math.max(-2, Math.min(2, -3 * Math.sin(theta) - 0.8 * omega))
                + rnd.nextGaussian(0, 0.1);
        omega += 0.005 * (-9.81 * Math.sin(theta) + 3 * act[0]) - 0.001 * omega;
        theta += 0.005 * omega;
        obs[0] = Math.cos(theta);
        obs[1] = Math.sin(theta);
        obs[2] = omega;
        double reward = -(theta * theta % 10 + 0.1 * omega * omega + 0.001 * act[0] * act[0]);
        feed.signals(now, obs, act, reward);
        ticks++;
      }
      if (ticks % 40 == 0) {
        double t = (now - start) / 1000.0;
        episodeReturn += 4 + rnd.nextGaussian(0, 3);
        long cycles = (now - start) / EVALUATION_CYCLE_MS;
        if (cycles > evaluations) {
          evaluations = cycles;
          evalReturn = episodeReturn + 40 + rnd.nextGaussian(0, 1);
        }
        boolean evaluating = (now - start) % EVALUATION_CYCLE_MS >= EVALUATION_CYCLE_MS - 1000;
        feed.learning(
            now,
            ticks * 2,
            0.5 * Math.exp(-t / 20) + 0.02,
            episodeReturn / 200,
            -episodeReturn / 200,
            episodeReturn,
            0.2,
            Math.min(1, ticks / 4000.0),
            ticks / 1000,
            0,
            evalReturn,
            evaluations,
            evaluating);
      }
      if (!Double.isNaN(baseline) && now - start >= 300) {
        feed.event(
            TelemetryEvent.Kind.INFO,
            "baseline: starting actor's return over 3 noise-free episodes",
            baseline);
        baseline = Double.NaN;
      }
      if (ticks % 1000 == 0) {
        feed.event(TelemetryEvent.Kind.ACTOR_SWAP, "actor v" + ticks / 1000, ticks / 1000.0);
      }
      if (!holdCommands) {
        commands.applyPending(
            c -> {
              applied.add(c);
              return c instanceof dev.reflex.telemetry.Command.Rollback
                  ? CommandResult.failed(
                      "no checkpoint v" + ((dev.reflex.telemetry.Command.Rollback) c).version())
                  : CommandResult.ok();
            },
            4);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops the thread and closes the publisher (retained "offline"). */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    telemetry.close();
  }
}
