package dev.reflex.telemetry.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflex.telemetry.CommandQueue;
import dev.reflex.telemetry.LoopTimingReport;
import dev.reflex.telemetry.SignalName;
import dev.reflex.telemetry.TelemetryEvent;
import dev.reflex.telemetry.TelemetryFeed;
import dev.reflex.telemetry.TelemetryMeta;
import dev.reflex.telemetry.TelemetryPump;
import dev.reflex.testing.MqttTestClient;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MqttTelemetryTest {
  static EmbeddedBroker broker;

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

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedBroker.loopback().start();
  }

  @AfterAll
  static void stopBroker() {
    broker.stop();
  }

  static MqttTelemetry telemetry(String device, TelemetryFeed feed) {
    TelemetryOptions o = TelemetryOptions.of(broker.url(), device).withReconnect(200, 2000, 100);
    return new MqttTelemetry(
        o,
        META,
        feed,
        MqttTelemetryTest::fakeLoop,
        new CommandQueue(8),
        new TelemetryPump.Identity("test", "cfg123"));
  }

  static void fakeLoop(LoopTimingReport s) {
    s.tickCount = 1000;
    s.deadlineMisses = 2;
    s.latenessP50Us = 12.5;
    s.latenessP99Us = 40;
    s.latenessP999Us = 90;
    s.latenessMaxUs = 120;
    s.inferP99Us = 3.1;
  }

  static void assertFlatNumeric(JsonNode body, String... stringFields) {
    assertTrue(body.isObject(), "payload is an object: " + body);
    assertTrue(body.get("ts").isIntegralNumber(), "ts is an integer: " + body);
    long ts = body.get("ts").longValue();
    assertTrue(
        Math.abs(ts - System.currentTimeMillis()) < 60_000, "ts is epoch ms near now: " + ts);
    List<String> strings = List.of(stringFields);
    for (Iterator<Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Entry<String, JsonNode> f = it.next();
      if (strings.contains(f.getKey())) {
        assertTrue(f.getValue().isTextual(), f.getKey() + " is a string");
      } else {
        // NaN is written as null (JSON has no NaN)
        assertTrue(
            f.getValue().isNumber() || f.getValue().isNull(),
            f.getKey() + " is a number or null in " + body);
      }
    }
  }

  @Test
  void shouldPublishRetainedOnlineStatusAndMeta() throws Exception {
    TelemetryFeed feed = TelemetryFeed.forMeta(META);
    try (MqttTelemetry t = telemetry("dev-status", feed)) {
      t.start();
      try (MqttTestClient sub = new MqttTestClient(broker.url(), "sub-status")) {
        sub.subscribe("reflex/dev-status/status").subscribe("reflex/dev-status/meta");
        var status =
            sub.await(
                r -> r.topic().endsWith("/status") && r.body().contains("online"),
                10_000,
                "online status");
        assertTrue(status.retained() || t.connected());
        assertFlatNumeric(status.json(), "state", "version", "config_hash", "actor_hash");
        assertEquals("cfg123", status.json().get("config_hash").textValue());
        JsonNode meta = sub.await("reflex/dev-status/meta", 5000).json();
        assertEquals("pendulum", meta.get("controller").textValue());
        assertEquals("obs_cos_theta", meta.get("obs_keys").get(0).textValue());
        assertEquals(64, meta.get("actor_shape").get(1).intValue());
      }
      // a late subscriber still sees "online": the status is retained
      try (MqttTestClient late = new MqttTestClient(broker.url(), "sub-late")) {
        late.subscribe("reflex/dev-status/status");
        var r = late.await("reflex/dev-status/status", 5000);
        assertTrue(r.retained());
        assertEquals("online", r.json().get("state").textValue());
      }
    }
  }

  @Test
  void shouldPublishOfflineWillOnAbruptDisconnectThenComeBackOnline() throws Exception {
    TelemetryFeed feed = TelemetryFeed.forMeta(META);
    try (MqttTelemetry t = telemetry("dev-will", feed);
        MqttTestClient sub = new MqttTestClient(broker.url(), "sub-will")) {
      sub.subscribe("reflex/dev-will/status");
      t.start();
      sub.await(r -> r.body().contains("\"online\""), 10_000, "online status");
      t.abortConnectionForTest();
      var offline = sub.await(r -> r.body().contains("\"offline\""), 10_000, "will: offline");
      assertEquals("offline", offline.json().get("state").textValue());
      sub.await(r -> r.body().contains("\"online\""), 10_000, "online again after reconnect");
      assertTrue(t.counters().reconnects.get() >= 1);
    }
    try (MqttTestClient late = new MqttTestClient(broker.url(), "sub-will-late")) {
      late.subscribe("reflex/dev-will/status");
      var r = late.await("reflex/dev-will/status", 5000);
      assertTrue(r.retained());
      assertEquals("offline", r.json().get("state").textValue(), "clean close leaves offline");
    }
  }

  @Test
  void shouldPublishFlatNumericPayloadsWithTimestamps() throws Exception {
    TelemetryFeed feed = TelemetryFeed.forMeta(META);
    try (MqttTelemetry t = telemetry("dev-shape", feed);
        MqttTestClient sub = new MqttTestClient(broker.url(), "sub-shape")) {
      sub.subscribe("reflex/dev-shape/#");
      t.start();
      sub.await(r -> r.topic().endsWith("/status"), 10_000, "status");
      long now = System.currentTimeMillis();
      for (int i = 0; i < 200; i++) {
        feed.signals(now + i * 5L, new double[] {1, 0, 0.5}, new double[] {-0.25}, -1.5);
      }
      feed.learning(now, 42, 0.5, -3.0, 3.0, -150.0, 0.2, 0.5, 3, 0, Double.NaN, 0, false);
      feed.event(TelemetryEvent.Kind.ACTOR_SWAP, "actor v3", 3);

      JsonNode signals = sub.await("reflex/dev-shape/telemetry/signals", 5000).json();
      assertFlatNumeric(signals);
      assertEquals(0.5, signals.get("obs_theta_dot_rad_s").doubleValue());
      assertEquals(-0.25, signals.get("act_torque_nm").doubleValue());
      assertEquals(-1.5, signals.get("reward").doubleValue());

      JsonNode learning = sub.await("reflex/dev-shape/telemetry/learning", 5000).json();
      assertFlatNumeric(learning);
      assertEquals(42, learning.get("updates").longValue());
      assertEquals(-150.0, learning.get("episode_return").doubleValue());
      // before the first evaluation: eval_return is null (NaN), evaluating is a 0/1 number
      assertTrue(learning.get("eval_return").isNull(), learning.toString());
      assertEquals(0, learning.get("evaluations").longValue());
      assertTrue(learning.get("evaluating").isIntegralNumber(), learning.toString());
      assertEquals(0, learning.get("evaluating").longValue());
      feed.learning(now, 43, 0.5, -3.0, 3.0, -150.0, 0.2, 0.5, 3, 0, -95.5, 2, true);
      JsonNode evaluated =
          sub.await(
                  r ->
                      r.topic().equals("reflex/dev-shape/telemetry/learning")
                          && r.json().get("evaluations").longValue() == 2,
                  5000,
                  "a learning payload after an evaluation")
              .json();
      assertFlatNumeric(evaluated);
      assertEquals(-95.5, evaluated.get("eval_return").doubleValue());
      assertEquals(1, evaluated.get("evaluating").longValue());

      JsonNode loop = sub.await("reflex/dev-shape/telemetry/loop", 5000).json();
      assertFlatNumeric(loop);
      assertEquals(1000, loop.get("ticks").longValue());
      assertEquals(40, loop.get("lateness_p99_us").doubleValue());

      var event = sub.await("reflex/dev-shape/event", 5000);
      assertFalse(event.retained());
      assertFlatNumeric(event.json(), "kind", "message");
      assertEquals("actor-swap", event.json().get("kind").textValue());
    }
  }
}
