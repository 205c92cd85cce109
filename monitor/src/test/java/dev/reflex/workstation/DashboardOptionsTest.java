package dev.reflex.workstation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.telemetry.CommandQueue;
import dev.reflex.telemetry.SignalName;
import dev.reflex.telemetry.TelemetryFeed;
import dev.reflex.telemetry.TelemetryMeta;
import dev.reflex.telemetry.TelemetryPump;
import dev.reflex.telemetry.mqtt.EmbeddedBroker;
import dev.reflex.telemetry.mqtt.MqttTelemetry;
import dev.reflex.telemetry.mqtt.TelemetryOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code monitor --http}: the dashboard from the command line. */
class DashboardOptionsTest {
  static EmbeddedBroker broker;

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
  void shouldServeTheDashboardOfALiveDeviceFromTheMonitorCommand() throws Exception {
    TelemetryMeta meta =
        new TelemetryMeta(
            "pendulum",
            List.of(new SignalName("theta_rad", "rad")),
            List.of(new SignalName("torque_nm", "N·m")),
            100,
            Map.of());
    int port = EmbeddedBroker.freePort("127.0.0.1");
    AtomicReference<Run> result = new AtomicReference<>();
    try (MqttTelemetry device =
        new MqttTelemetry(
            TelemetryOptions.of(broker.url(), "cli-dev"),
            meta,
            TelemetryFeed.forMeta(meta),
            null,
            new CommandQueue(4),
            new TelemetryPump.Identity("9.9.9", "cfg"))) {
      device.start();
      Thread monitor =
          new Thread(
              () ->
                  result.set(
                      run(
                          "monitor",
                          "--broker",
                          broker.url(),
                          "--http",
                          ":" + port,
                          "--duration",
                          "6")));
      monitor.start();
      HttpClient http = HttpClient.newHttpClient();
      URI page = URI.create("http://127.0.0.1:" + port + "/");
      long end = System.currentTimeMillis() + 10_000;
      HttpResponse<String> r = null;
      while (System.currentTimeMillis() < end) {
        try {
          r = http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
          break;
        } catch (java.io.IOException e) {
          Thread.sleep(100);
        }
      }
      assertEquals(200, r.statusCode());
      assertTrue(r.body().contains("Reflex dashboard"));
      // the event stream carries the device's retained status (the stream ends with --duration)
      HttpResponse<java.util.stream.Stream<String>> events =
          http.send(
              HttpRequest.newBuilder(page.resolve("/events")).build(),
              HttpResponse.BodyHandlers.ofLines());
      assertTrue(
          events
              .body()
              .anyMatch(l -> l.contains("\"device\":\"cli-dev\"") && l.contains("\"9.9.9\"")),
          "status of cli-dev on the stream");
      monitor.join(15_000);
    }
    assertEquals(0, result.get().status(), result.get().err());
    assertTrue(
        result.get().out().contains("dashboard: http://127.0.0.1:" + port + "/"),
        result.get().out());
  }

  @Test
  void shouldRefuseToListenOffLoopbackWithoutAToken(@TempDir Path dir) throws Exception {
    Run wide = run("monitor", "--broker", broker.url(), "--http", ":0", "--http-bind", "0.0.0.0");
    assertEquals(2, wide.status());
    assertTrue(wide.err().contains("--http-token-file"), wide.err());
    Run inline = run("monitor", "--broker", broker.url(), "--http", "0.0.0.0:8080");
    assertEquals(2, inline.status());
    assertTrue(inline.err().contains("--http-bind"), inline.err());
    Path shortToken = Files.writeString(dir.resolve("token"), "short\n");
    Run weak =
        run(
            "monitor",
            "--broker",
            broker.url(),
            "--http",
            ":0",
            "--http-bind",
            "0.0.0.0",
            "--http-token-file",
            shortToken.toString());
    assertEquals(2, weak.status());
    assertTrue(weak.err().contains("at least 16"), weak.err());
    Run once = run("monitor", "--broker", broker.url(), "--http", ":0", "--once");
    assertEquals(2, once.status());
    assertTrue(once.err().contains("--once"), once.err());
  }
}
