package dev.reflex.telemetry.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflex.telemetry.CommandQueue;
import dev.reflex.telemetry.TelemetryFeed;
import dev.reflex.telemetry.TelemetryPump;
import dev.reflex.testing.MqttTestClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The telemetry thread when the broker is absent at boot, and when the thread itself fails. */
class MqttTelemetryLifecycleTest {

  static MqttTelemetry telemetry(String url, String device, TelemetryFeed feed) {
    TelemetryOptions o = TelemetryOptions.of(url, device).withReconnect(100, 300, 100);
    return new MqttTelemetry(
        o,
        MqttTelemetryTest.META,
        feed,
        null,
        new CommandQueue(8),
        new TelemetryPump.Identity("test", "cfg"));
  }

  @Test
  void shouldConnectWhenTheBrokerAppearsAfterBootAndPublishTheControllersStatusFields()
      throws Exception {
    int port = EmbeddedBroker.freePort("127.0.0.1");
    String url = "tcp://127.0.0.1:" + port;
    TelemetryFeed feed = TelemetryFeed.forMeta(MqttTelemetryTest.META);
    try (MqttTelemetry t = telemetry(url, "late-broker", feed)) {
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("learning", "on");
      t.pump().setStatusFields(fields);
      t.start();
      Thread.sleep(700); // several connect attempts against nothing
      assertFalse(t.connected());
      // the loop's writes never wait for the absent broker
      long t0 = System.nanoTime();
      for (int i = 0; i < 10_000; i++) {
        feed.signals(System.currentTimeMillis(), new double[3], new double[1], 0);
      }
      assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "the feed does not block");
      EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", port, 1 << 20).start();
      try (MqttTestClient c = new MqttTestClient(url, "observer")) {
        c.subscribe(t.options().topic("status"));
        long end = System.currentTimeMillis() + 10_000;
        while (!t.connected() && System.currentTimeMillis() < end) {
          Thread.sleep(20);
        }
        assertTrue(t.connected(), "connected once the broker appeared");
        JsonNode s =
            c.await(r -> r.json().path("state").asText().equals("online"), 10_000, "status online")
                .json();
        assertEquals("on", s.path("learning").asText(), s.toString());
        fields.put("learning", "failed");
        fields.put("learning_failure", "IllegalStateException: boom");
        t.pump().setStatusFields(fields);
        JsonNode failed =
            c.await(
                    r -> r.json().path("learning").asText().equals("failed"),
                    10_000,
                    "status with learning failed")
                .json();
        assertEquals("IllegalStateException: boom", failed.path("learning_failure").asText());
      } finally {
        t.close();
        broker.stop();
      }
    }
  }

  @Test
  void shouldTellTheFailureHandlerWhenTheTelemetryThreadDies() throws Exception {
    TelemetryFeed feed = TelemetryFeed.forMeta(MqttTelemetryTest.META);
    int port = EmbeddedBroker.freePort("127.0.0.1");
    MqttTelemetry t = telemetry("tcp://127.0.0.1:" + port, "dies", feed);
    CountDownLatch told = new CountDownLatch(1);
    Throwable[] got = new Throwable[1];
    t.onFailure(
        e -> {
          got[0] = e;
          told.countDown();
        });
    t.start();
    t.failForTest(new StackOverflowError("injected"));
    assertTrue(told.await(10, TimeUnit.SECONDS), "the handler was told");
    assertNotNull(t.failure());
    assertEquals("injected", got[0].getMessage());
    t.close();
  }
}
