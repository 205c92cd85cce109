package dev.reflex.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The observer against both brokers, including a broker killed and restarted on its port. */
class TelemetryObserverTest {

  @Test
  void shouldRecordAndReconnectAfterTheEmbeddedBrokerRestarts() throws Exception {
    try (InJvmBroker broker = new InJvmBroker()) {
      broker.start();
      checkRestart(broker);
    }
  }

  @Test
  void shouldRecordAndReconnectAfterMosquittoIsKilledAndRestarted(@TempDir Path dir)
      throws Exception {
    HilAssumptions.requireMosquitto(ProjectLayout.find(), "TelemetryObserverTest (mosquitto)");
    try (MosquittoRigBroker broker = MosquittoRigBroker.anonymous(dir)) {
      broker.start();
      checkRestart(broker);
    }
  }

  static void checkRestart(MqttBroker broker) throws Exception {
    try (TelemetryObserver observer = TelemetryObserver.of(broker.url(), "dev-o");
        TelemetryObserver publisher =
            new TelemetryObserver(broker.url(), "pub-" + System.nanoTime(), null, null, null)) {
      publisher.publish("reflex/dev-o/status", "{\"ts\":1,\"state\":\"online\"}", 1, true);
      publisher.publish("reflex/other/status", "{\"ts\":1}", 1, false);
      Observed first = observer.await("status", 5_000);
      assertEquals("online", first.text("state"));
      assertEquals(1, first.ts());
      broker.kill();
      assertTrue(!broker.running());
      long deadline = System.currentTimeMillis() + 10_000;
      while (observer.connected() && System.currentTimeMillis() < deadline) {
        RigProcess.sleepMs(50);
      }
      assertTrue(!observer.connected(), "observer noticed the broker going");
      broker.start();
      long restartMs = System.currentTimeMillis();
      deadline = System.currentTimeMillis() + 15_000;
      while (!(observer.connected() && publisher.connected())
          && System.currentTimeMillis() < deadline) {
        RigProcess.sleepMs(50);
      }
      RigProcess.sleepMs(300);
      publisher.publish("reflex/dev-o/telemetry/loop", "{\"ts\":2,\"ticks\":5}", 1, false);
      Observed loop = observer.await("telemetry/loop", 10_000);
      assertEquals(5, loop.number("ticks"));
      assertTrue(loop.receivedMs() >= restartMs);
      assertTrue(observer.messages().stream().noneMatch(m -> m.topic().contains("other")));
      List<TelemetryObserver.ConnectionChange> changes = observer.connectionChanges();
      assertTrue(changes.stream().anyMatch(c -> !c.connected()), changes.toString());
      assertTrue(changes.getLast().connected(), changes.toString());
    }
  }
}
