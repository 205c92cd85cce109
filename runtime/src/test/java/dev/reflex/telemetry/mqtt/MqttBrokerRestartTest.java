package dev.reflex.telemetry.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.telemetry.CommandQueue;
import dev.reflex.telemetry.TelemetryFeed;
import dev.reflex.telemetry.TelemetryPump;
import dev.reflex.testing.MqttTestClient;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The broker goes away while the device publishes, then comes back on the same port. */
@Tag("slow")
class MqttBrokerRestartTest {

  @Test
  void shouldReconnectCountDropsAndComeBackOnlineAfterBrokerRestart() throws Exception {
    EmbeddedBroker broker = EmbeddedBroker.loopback().start();
    TelemetryFeed feed = TelemetryFeed.forMeta(MqttTelemetryTest.META);
    TelemetryOptions o =
        TelemetryOptions.of(broker.url(), "dev-restart")
            .withRates(dev.reflex.telemetry.TelemetryRates.defaults().withSignalRateHz(50))
            .withReconnect(200, 1000, 10);
    AtomicBoolean producing = new AtomicBoolean(true);
    Thread control =
        new Thread(
            () -> {
              double[] obs = new double[3];
              double[] act = new double[1];
              while (producing.get()) {
                feed.signals(System.currentTimeMillis(), obs, act, 0);
                try {
                  Thread.sleep(2);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    try (MqttTelemetry t =
        new MqttTelemetry(
            o,
            MqttTelemetryTest.META,
            feed,
            null,
            new CommandQueue(4),
            new TelemetryPump.Identity("test", "cfg"))) {
      t.start();
      control.start();
      waitFor(t::connected, 10_000, "first connection");
      long publishedBefore = t.counters().published.get();

      broker.stop();
      waitFor(() -> !t.connected(), 10_000, "the link to notice the loss");
      Thread.sleep(1500); // 50 Hz signals into a 10-message offline buffer
      assertTrue(
          t.counters().droppedOffline.get() > 0,
          "offline buffer overflowed and counted: " + t.counters().droppedOffline.get());
      assertTrue(t.counters().connectFailures.get() > 0, "reconnect attempts while down");

      broker.start();
      try (MqttTestClient sub = new MqttTestClient(broker.url(), "sub-restart")) {
        sub.subscribe("reflex/dev-restart/status")
            .subscribe("reflex/dev-restart/telemetry/signals");
        sub.await(r -> r.body().contains("\"online\""), 15_000, "status online again");
        sub.await("reflex/dev-restart/telemetry/signals", 5000);
      }
      assertTrue(t.connected());
      assertEquals(1, t.counters().reconnects.get());
      assertTrue(t.counters().published.get() > publishedBefore);
    } finally {
      producing.set(false);
      control.join();
      broker.stop();
    }
  }

  static void waitFor(java.util.function.BooleanSupplier c, long timeoutMs, String what)
      throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMs;
    while (!c.getAsBoolean()) {
      if (System.currentTimeMillis() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
