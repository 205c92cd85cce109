package dev.reflex.telemetry.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.telemetry.CommandQueue;
import dev.reflex.telemetry.TelemetryFeed;
import dev.reflex.telemetry.TelemetryPump;
import dev.reflex.testing.MosquittoBroker;
import dev.reflex.testing.MqttTestClient;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT session take-over with a real Mosquitto: with the shipped config (client ids bound to user
 * names) a read-only user asking for the device's client id does not knock it off; on a broker
 * without that rule the device notices each take-over and reports repeated ones in an event.
 */
class MosquittoTakeoverTest {
  @TempDir Path dir;

  @BeforeAll
  static void installed() {
    MosquittoBroker.assumeInstalled(MosquittoTakeoverTest.class.getSimpleName());
  }

  private static MqttTelemetry device(String url, String clientId) {
    TelemetryOptions o =
        TelemetryOptions.of(url, "dev1")
            .withClientId(clientId)
            .withCredentials("device", "device-pw");
    return new MqttTelemetry(
        o,
        MqttTelemetryTest.META,
        TelemetryFeed.forMeta(MqttTelemetryTest.META),
        null,
        new CommandQueue(4),
        new TelemetryPump.Identity("test", "cfg"));
  }

  @Test
  void shouldKeepTheDeviceOnWhenAReadOnlyUserAsksForItsClientIdWithTheShippedConfig()
      throws Exception {
    try (MosquittoBroker mosquitto = MosquittoBroker.shipped(dir, true).start();
        MqttTelemetry dev = device(mosquitto.url(), "reflex-dev1")) {
      dev.start();
      MqttBrokerRestartTest.waitFor(dev::connected, 10_000, "device connected");
      for (int i = 0; i < 3; i++) {
        try (MqttTestClient intruder =
            new MqttTestClient(
                mosquitto.url(),
                "device", // what the broker made of the device's id: its user name
                MosquittoSecurityTest.login("dashboard", "dashboard-pw"))) {
          Thread.sleep(300);
          assertTrue(dev.connected(), "still connected while the intruder is on");
        }
        try (MqttTestClient intruder =
            new MqttTestClient(
                mosquitto.url(),
                "reflex-dev1",
                MosquittoSecurityTest.login("dashboard", "dashboard-pw"))) {
          Thread.sleep(300);
          assertTrue(dev.connected(), "still connected while the intruder is on");
        }
      }
      assertEquals(0, dev.counters().sessionTakeovers.get());
      assertEquals(0, dev.counters().reconnects.get());
    }
  }

  @Test
  void shouldCountAndReportRepeatedTakeOversOnABrokerWithoutClientIdRules() throws Exception {
    try (MosquittoBroker mosquitto = MosquittoBroker.shipped(dir, false).start();
        MqttTelemetry dev = device(mosquitto.url(), "reflex-dev1");
        MqttTestClient dashboard =
            new MqttTestClient(
                mosquitto.url(),
                "dashboard-1",
                MosquittoSecurityTest.login("dashboard", "dashboard-pw"))) {
      dashboard.subscribe("reflex/dev1/event");
      dev.start();
      MqttBrokerRestartTest.waitFor(dev::connected, 10_000, "device connected");
      for (int i = 0; i < 3; i++) {
        try (MqttTestClient intruder =
            new MqttTestClient(
                mosquitto.url(),
                "reflex-dev1",
                MosquittoSecurityTest.login("dashboard", "dashboard-pw"))) {
          long n = i + 1;
          MqttBrokerRestartTest.waitFor(
              () -> dev.counters().sessionTakeovers.get() >= n, 10_000, "take-over " + n);
        }
        MqttBrokerRestartTest.waitFor(dev::connected, 30_000, "device back");
      }
      var event =
          dashboard.await(
              r -> r.body().contains("mqtt-takeover") && r.body().contains("3 since start"),
              30_000,
              "a repeated take-over event");
      assertTrue(event.body().contains("repeatedly: 3 reports in 60 s"), event.body());
      assertEquals(3, dev.counters().sessionTakeovers.get());
    }
  }
}
