package dev.reflex.workstation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.telemetry.CommandQueue;
import dev.reflex.telemetry.SignalName;
import dev.reflex.telemetry.TelemetryFeed;
import dev.reflex.telemetry.TelemetryMeta;
import dev.reflex.telemetry.TelemetryPump;
import dev.reflex.telemetry.mqtt.EmbeddedBroker;
import dev.reflex.telemetry.mqtt.MqttTelemetry;
import dev.reflex.telemetry.mqtt.TelemetryOptions;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorCommandTest {
  static EmbeddedBroker broker;

  static final TelemetryMeta META =
      new TelemetryMeta(
          "pendulum",
          List.of(new SignalName("theta_rad", "rad"), new SignalName("omega_rad_s", "rad/s")),
          List.of(new SignalName("torque_nm", "N·m")),
          500,
          Map.of("actor", new int[] {2, 32, 1}));

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedBroker.loopback().start();
  }

  @AfterAll
  static void stopBroker() {
    broker.stop();
  }

  record Run(int status, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = WorkstationMain.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int status = cl.execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void shouldShowAndRecordALivePublisherThenPlotTheRecording(@TempDir Path dir) throws Exception {
    TelemetryFeed feed = TelemetryFeed.forMeta(META);
    SplittableRandom rnd = new SplittableRandom(7);
    long[] ticks = {0};
    AtomicBoolean running = new AtomicBoolean(true);
    Thread producer =
        new Thread(
            () -> {
              double[] obs = new double[2];
              double[] act = new double[1];
              for (int i = 0; running.get(); i++) {
                obs[0] = Math.sin(i * 0.01);
                feed.signals(System.currentTimeMillis(), obs, act, -obs[0] * obs[0]);
                if (i % 50 == 0) {
                  feed.learning(
                      System.currentTimeMillis(),
                      i,
                      1.0 / (1 + i),
                      -i * 0.01,
                      i * 0.01,
                      -200 + i * 0.1,
                      0.2,
                      0.5,
                      i / 500,
                      0,
                      i < 500 ? Double.NaN : -150 + i * 0.05,
                      i / 500,
                      (i / 250) % 2 == 1);
                }
                ticks[0] = i;
                try {
                  Thread.sleep(2);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    TelemetryOptions o =
        TelemetryOptions.of(broker.url(), "dev-mon")
            .withRates(new dev.reflex.telemetry.TelemetryRates(20, 200, 0, 0, 256 * 1024));
    try (MqttTelemetry t =
        new MqttTelemetry(
            o,
            META,
            feed,
            s -> {
              s.tickCount = ticks[0];
              s.latenessP50Us = 5 + rnd.nextDouble() * 5;
              s.latenessP99Us = 20 + rnd.nextDouble() * 40;
              s.latenessP999Us = 80 + rnd.nextDouble() * 40;
              s.latenessMaxUs = 150 + rnd.nextDouble() * 100;
            },
            new CommandQueue(4),
            new TelemetryPump.Identity("1.2.3", "cfgabc"))) {
      producer.start();
      t.start();
      Path rec = dir.resolve("rec");
      Run r =
          run(
              "monitor",
              "--broker",
              broker.url(),
              "--device",
              "dev-mon",
              "--record",
              rec.toString(),
              "--duration",
              "4");
      assertEquals(0, r.status(), r.err());
      assertTrue(r.out().contains("dev-mon"), r.out());
      assertTrue(r.out().contains("online"), r.out());
      assertTrue(r.out().contains("lateness_p99_us="), r.out());
      assertTrue(r.out().contains("episode_return="), r.out());
      assertTrue(r.out().contains("eval_return="), r.out());
      assertTrue(r.out().contains("evaluations="), r.out());
      assertTrue(r.out().contains("obs_theta_rad="), r.out());
      for (String kind : new String[] {"status", "loop", "signals", "learning"}) {
        Path csv = rec.resolve(kind + ".csv");
        assertTrue(Files.exists(csv), kind + ".csv written");
        assertTrue(Files.readAllLines(csv).size() >= 2, kind + ".csv has rows");
      }
      assertTrue(
          Files.readAllLines(rec.resolve("loop.csv")).getFirst().startsWith("device,ts,ticks"));
      String learningHeader = Files.readAllLines(rec.resolve("learning.csv")).getFirst();
      assertTrue(learningHeader.contains(",eval_return,evaluations,evaluating,"), learningHeader);
      assertTrue(Files.readAllLines(rec.resolve("signals.csv")).size() > 40, "~20 Hz for 4 s");

      Run once = run("monitor", "--broker", broker.url(), "--once");
      assertEquals(0, once.status(), once.err());
      assertTrue(once.out().contains("dev-mon  online"), once.out());
      assertTrue(!once.out().contains("\033["), "--once prints plain text");

      Run plot = run("monitor", "--plot", rec.toString());
      assertEquals(0, plot.status(), plot.err());
      for (String name :
          new String[] {"episode_return", "losses", "lateness_percentiles", "lateness_histogram"}) {
        Path png = rec.resolve(name + ".png");
        assertTrue(Files.exists(png), name + ".png written");
        assertTrue(Files.size(png) > 5_000, name + ".png is not trivial: " + Files.size(png));
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, name + ".png readable");
        assertEquals(900, img.getWidth());
      }
    } finally {
      running.set(false);
      producer.join();
    }
  }

  @Test
  void shouldWaitForABrokerThatIsNotUpYetAndRecordTheWholeRun(@TempDir Path dir) throws Exception {
    int port = EmbeddedBroker.freePort("127.0.0.1");
    String url = "tcp://127.0.0.1:" + port;
    Path rec = dir.resolve("rec");
    Run[] result = new Run[1];
    Thread monitor =
        new Thread(
            () ->
                result[0] =
                    run(
                        "monitor",
                        "--broker",
                        url,
                        "--record",
                        rec.toString(),
                        "--duration",
                        "9s"));
    monitor.start();
    Thread.sleep(2500); // several refused attempts: the old monitor had exited with status 2
    assertTrue(monitor.isAlive(), "the monitor waits for the broker");
    EmbeddedBroker late = new EmbeddedBroker("127.0.0.1", port, 1 << 20).start();
    try {
      TelemetryFeed feed = TelemetryFeed.forMeta(META);
      TelemetryOptions o =
          TelemetryOptions.of(url, "dev-late")
              .withRates(new dev.reflex.telemetry.TelemetryRates(20, 200, 0, 0, 256 * 1024));
      long runStartMs;
      try (MqttTelemetry t =
          new MqttTelemetry(
              o,
              META,
              feed,
              s -> s.tickCount = 1,
              new CommandQueue(4),
              new TelemetryPump.Identity("1.2.3", "cfgabc"))) {
        t.start();
        runStartMs = System.currentTimeMillis();
        double[] obs = new double[2];
        double[] act = new double[1];
        while (System.currentTimeMillis() - runStartMs < 5000) {
          feed.signals(System.currentTimeMillis(), obs, act, 0);
          Thread.sleep(5);
        }
      }
      monitor.join(15_000);
      assertEquals(0, result[0].status(), result[0].err());
      assertTrue(result[0].err().contains("waiting for broker " + url), result[0].err());
      assertTrue(result[0].err().contains("connected to " + url), result[0].err());
      List<String> status = Files.readAllLines(rec.resolve("status.csv"));
      assertTrue(status.stream().anyMatch(l -> l.contains("online")), String.join("\n", status));
      assertTrue(status.stream().anyMatch(l -> l.contains("offline")), String.join("\n", status));
      // 20 Hz for 5 s = ~100 rows; a reconnect capped at 1 s loses at most ~20 of them
      int rows = Files.readAllLines(rec.resolve("signals.csv")).size() - 1;
      assertTrue(rows >= 70, "signals rows recorded: " + rows);
    } finally {
      late.stop();
    }
  }

  @Test
  void shouldRejectABrokerWithoutSchemeNamingTheFix() {
    Run r = run("monitor", "--broker", "127.0.0.1:1883", "--duration", "1s");
    assertEquals(2, r.status());
    assertEquals(
        "error: --broker '127.0.0.1:1883' has no scheme: write tcp://127.0.0.1:1883 (or"
            + " ssl://127.0.0.1:1883 for TLS)",
        r.err().strip());
  }

  @Test
  void shouldTakeDurationsWithUnits() {
    Run r = run("monitor", "--broker", broker.url(), "--duration", "500ms");
    assertEquals(0, r.status(), r.err());
    Run bad = run("monitor", "--broker", broker.url(), "--duration", "5 parsecs");
    assertEquals(2, bad.status());
    assertTrue(bad.err().contains("'5 parsecs' is not a duration > 0"), bad.err());
    Run v = run("monitor", "-V");
    assertEquals(0, v.status());
    assertTrue(v.out().startsWith("reflex "), v.out());
  }

  @Test
  void shouldFailWithOneLineWhenNothingToPlot(@TempDir Path dir) {
    Run r = run("monitor", "--plot", dir.toString());
    assertEquals(2, r.status());
    assertTrue(r.err().startsWith("error: no learning.csv or loop.csv"), r.err());
  }
}
