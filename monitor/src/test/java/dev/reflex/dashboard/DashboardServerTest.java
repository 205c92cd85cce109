package dev.reflex.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflex.telemetry.Command;
import dev.reflex.telemetry.mqtt.EmbeddedBroker;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboard's HTTP side against a real broker and a real device publisher. */
class DashboardServerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TOKEN = "0123456789abcdef-test-token";
  static EmbeddedBroker broker;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedBroker.loopback().start();
  }

  @AfterAll
  static void stopBroker() {
    broker.stop();
  }

  static HttpBinding loopback() {
    return HttpBinding.parse(":0", null, null);
  }

  HttpResponse<String> get(URI uri, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(URI uri, String body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri.resolve("/api/command"))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldStreamStatusLoopLearningAndSignalsOverSse() throws Exception {
    try (DashboardRig rig = new DashboardRig(broker.url(), "dash-sse", loopback());
        SseStream sse = new SseStream(http, rig.dashboard.url().resolve("/events"))) {
      assertEquals(200, sse.response.statusCode());
      assertTrue(
          sse.response
              .headers()
              .firstValue("Content-Type")
              .orElse("")
              .startsWith("text/event-stream"));
      SseStream.Frame hello = sse.await(f -> f.event().equals("hello"), 5000, "hello");
      assertFalse(hello.data().get("readOnly").booleanValue());
      JsonNode status = sse.await("status", "dash-sse", 10_000).data().get("body");
      assertEquals("online", status.get("state").textValue());
      assertEquals("0.1.0", status.get("version").textValue());
      assertEquals(
          "pendulum",
          sse.await("meta", "dash-sse", 10_000).data().at("/body/controller").textValue());
      JsonNode loop =
          sse.await(
                  f -> f.event().equals("loop") && f.data().at("/body/ticks").longValue() > 0,
                  10_000,
                  "a loop frame after the first ticks")
              .data()
              .get("body");
      assertTrue(loop.get("lateness_p99_us").doubleValue() >= 38, loop.toString());
      JsonNode learning = sse.await("learning", "dash-sse", 10_000).data().get("body");
      assertTrue(learning.get("episode_return").isNumber(), learning.toString());
      assertTrue(learning.get("critic_loss").doubleValue() > 0);
      for (int i = 0; i < 20; i++) {
        JsonNode s = sse.await("signals", "dash-sse", 5000).data().get("body");
        assertTrue(
            s.get("obs_cos_theta").isNumber() && s.get("act_torque_nm").isNumber(), s.toString());
        assertTrue(s.get("reward").isNumber());
      }
      sse.await(
          f -> f.event().equals("event") && f.data().at("/body/kind").asText().equals("actor-swap"),
          10_000,
          "an actor-swap event");
    }
  }

  @Test
  void shouldReplayHistoryToALateBrowser() throws Exception {
    try (DashboardRig rig = new DashboardRig(broker.url(), "dash-late", loopback())) {
      try (SseStream first = new SseStream(http, rig.dashboard.url().resolve("/events"))) {
        first.await("learning", "dash-late", 10_000);
      }
      try (SseStream late = new SseStream(http, rig.dashboard.url().resolve("/events"))) {
        // history comes at once, ahead of live data: status (retained long ago) and learning
        late.await("status", "dash-late", 2000);
        late.await("learning", "dash-late", 2000);
      }
    }
  }

  @Test
  void shouldDeliverACommandToTheDeviceQueueAndStreamItsAcks() throws Exception {
    try (DashboardRig rig = new DashboardRig(broker.url(), "dash-cmd", loopback());
        SseStream sse = new SseStream(http, rig.dashboard.url().resolve("/events"))) {
      sse.await("status", "dash-cmd", 10_000);
      rig.device.holdCommands(true);
      HttpResponse<String> r =
          post(
              rig.dashboard.url(),
              "{\"device\":\"dash-cmd\",\"command\":\"set-exploration\",\"args\":{\"scale\":0.25}}",
              "Content-Type",
              "application/json");
      assertEquals(202, r.statusCode(), r.body());
      String id = JSON.readTree(r.body()).get("id").textValue();
      assertTrue(id.matches("dash-[a-z0-9]+-[0-9a-f]{12}"), id);
      long deadline = System.currentTimeMillis() + 10_000;
      while (rig.device.commands.size() == 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(1, rig.device.commands.size(), "the command reached the device's queue");
      JsonNode accepted = ackFor(sse, id, "accepted");
      assertEquals("set-exploration", accepted.get("command").textValue());
      rig.device.holdCommands(false);
      JsonNode done = ackFor(sse, id, "done");
      assertEquals("dash-cmd", done.get("device").textValue());
      assertEquals(new Command.SetExploration(id, 0.25), rig.device.applied.poll());
    }
  }

  static JsonNode ackFor(SseStream sse, String id, String status) throws InterruptedException {
    return sse.await(
            f ->
                f.event().equals("ack")
                    && f.data().at("/body/id").asText().equals(id)
                    && f.data().at("/body/status").asText().equals(status),
            10_000,
            status + " ack of " + id)
        .data();
  }

  @Test
  void shouldRefuseInvalidCommandsBeforePublishing() throws Exception {
    try (DashboardRig rig = new DashboardRig(broker.url(), "dash-bad", loopback())) {
      String[][] bad = {
        {
          "{\"device\":\"dash-bad\",\"command\":\"set-exploration\",\"args\":{\"scale\":5}}",
          "out-of-range"
        },
        {
          "{\"device\":\"dash-bad\",\"command\":\"set-exploration\",\"args\":{\"scale\":\"0.5\"}}",
          "wrong-type"
        },
        {"{\"device\":\"dash-bad\",\"command\":\"set-exploration\"}", "missing-field"},
        {
          "{\"device\":\"dash-bad\",\"command\":\"rollback\",\"args\":{\"version\":-1}}",
          "out-of-range"
        },
        {
          "{\"device\":\"dash-bad\",\"command\":\"checkpoint\",\"args\":{\"id\":\"mine\"}}",
          "unknown-field"
        },
        {
          "{\"device\":\"dash-bad\",\"command\":\"checkpoint\",\"args\":{\"now\":1}}",
          "unknown-field"
        },
        {"{\"device\":\"dash-bad\",\"command\":\"set-setpoint\"}", "unknown-command"},
        {"{\"device\":\"dash-bad\",\"command\":\"self-destruct\"}", "unknown-command"},
        {"{\"device\":\"+\",\"command\":\"checkpoint\"}", "bad-device"},
        {"{\"device\":\"a/cmd/b\",\"command\":\"checkpoint\"}", "bad-device"},
        {"{\"device\":\"dash-bad\",\"command\":\"checkpoint\",\"topic\":\"x\"}", "unknown-field"},
        {"not json", "not-json"},
      };
      for (String[] b : bad) {
        HttpResponse<String> r =
            post(rig.dashboard.url(), b[0], "Content-Type", "application/json");
        assertEquals(400, r.statusCode(), b[0]);
        assertEquals(b[1], JSON.readTree(r.body()).get("error").textValue(), b[0]);
      }
      HttpResponse<String> plain =
          post(
              rig.dashboard.url(),
              "{\"device\":\"dash-bad\",\"command\":\"checkpoint\"}",
              "Content-Type",
              "text/plain");
      assertEquals(400, plain.statusCode(), "a cross-site 'simple' request is refused");
      HttpResponse<String> foreign =
          post(
              rig.dashboard.url(),
              "{\"device\":\"dash-bad\",\"command\":\"checkpoint\"}",
              "Content-Type",
              "application/json",
              "Origin",
              "http://evil.example");
      assertEquals(403, foreign.statusCode());
      Thread.sleep(500);
      assertEquals(0, rig.device.commands.size(), "nothing reached the device");
      assertEquals(
          0, rig.device.telemetry.counters().commandsRejected.get(), "nothing was even sent");
    }
  }

  @Test
  void shouldRefuseForeignHostHeadersOnLoopback() throws Exception {
    DashboardFeed feed = DashboardFeed.withDefaults();
    try (DashboardServer server = new DashboardServer(loopback(), feed, null).start()) {
      assertEquals(403, rawStatus(server.port(), "evil.example:" + server.port()));
      assertEquals(200, rawStatus(server.port(), "127.0.0.1:" + server.port()));
      assertEquals(200, rawStatus(server.port(), "localhost:" + server.port()));
    }
  }

  static int rawStatus(int port, String host) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(head.substring(9, 12));
    }
  }

  @Test
  void shouldRequireTheTokenOnEveryRequestWhenBoundOffLoopback() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> HttpBinding.parse(":0", "0.0.0.0", null));
    HttpBinding wide = HttpBinding.parse(":0", "0.0.0.0", TOKEN);
    DashboardFeed feed = DashboardFeed.withDefaults();
    CommandGate gate =
        new CommandGate(
            dev.reflex.telemetry.CommandLimits.defaults(),
            30_000,
            (d, n, b) -> 0,
            System::currentTimeMillis);
    try (DashboardServer server = new DashboardServer(wide, feed, gate).start()) {
      URI base = URI.create("http://127.0.0.1:" + server.port() + "/");
      String json = "{\"device\":\"d1\",\"command\":\"checkpoint\"}";
      // without a token: nothing, not the page, the scripts, the webjar, the stream or commands
      for (String path :
          new String[] {"/", "/app.js", "/webjars/chart.js/dist/chart.umd.js", "/events"}) {
        assertEquals(401, get(base.resolve(path)).statusCode(), path);
      }
      assertEquals(401, post(base, json, "Content-Type", "application/json").statusCode());
      assertEquals(
          401,
          get(base.resolve("/"), "Authorization", "Bearer wrong-token-0123456789").statusCode());
      assertEquals(401, get(base.resolve("/?token=wrong-token-0123456789")).statusCode());
      assertEquals(
          401,
          get(base.resolve("/"), "Cookie", RequestGuard.COOKIE + "=" + TOKEN + "x").statusCode());
      // with it
      assertEquals(200, get(base.resolve("/"), "Authorization", "Bearer " + TOKEN).statusCode());
      HttpResponse<String> login = get(base.resolve("/?token=" + TOKEN));
      assertEquals(303, login.statusCode());
      String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
      assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
      String c = cookie.substring(0, cookie.indexOf(';'));
      assertEquals(200, get(base.resolve("/app.js"), "Cookie", c).statusCode());
      assertEquals(
          202, post(base, json, "Content-Type", "application/json", "Cookie", c).statusCode());
      try (SseStream sse = new SseStream(http, base.resolve("/events"), "Cookie", c)) {
        assertEquals(200, sse.response.statusCode());
        sse.await(f -> f.event().equals("hello"), 5000, "hello");
      }
    }
  }

  @Test
  void shouldServeThePageAndTheChartJsWebjarFromTheClasspath() throws Exception {
    DashboardFeed feed = DashboardFeed.withDefaults();
    try (DashboardServer server = new DashboardServer(loopback(), feed, null).start()) {
      HttpResponse<String> page = get(server.url());
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("/webjars/chart.js/dist/chart.umd.js"));
      String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
      assertTrue(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
      String version = new StaticResources().webjarVersion("chart.js");
      assertTrue(version.startsWith("4."), version);
      for (String path :
          new String[] {
            "/webjars/chart.js/dist/chart.umd.js",
            "/webjars/chart.js/" + version + "/dist/chart.umd.js"
          }) {
        HttpResponse<String> js = get(server.url().resolve(path));
        assertEquals(200, js.statusCode(), path);
        assertTrue(
            js.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertTrue(js.body().contains("Chart.js v" + version), "the UMD build of " + version);
      }
      for (String path : new String[] {"/app.js", "/charts.js", "/commands.js", "/style.css"}) {
        assertEquals(200, get(server.url().resolve(path)).statusCode(), path);
      }
      for (String path :
          new String[] {
            "/webjars/chart.js/../../../dev/reflex/dashboard/app.js",
            "/webjars/chart.js/4.4.7",
            "/dev/reflex/dashboard/app.js",
            "/META-INF/MANIFEST.MF",
            "/nope.js"
          }) {
        assertEquals(404, get(server.url().resolve(path)).statusCode(), path);
      }
      HttpResponse<String> ro =
          post(
              server.url(),
              "{\"device\":\"d\",\"command\":\"checkpoint\"}",
              "Content-Type",
              "application/json");
      assertEquals(403, ro.statusCode(), "read-only dashboard refuses commands");
      assertNull(server.commandOf("anything"));
    }
  }
}
