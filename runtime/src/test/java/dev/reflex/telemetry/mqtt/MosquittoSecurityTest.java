package dev.reflex.telemetry.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.telemetry.Command;
import dev.reflex.telemetry.CommandQueue;
import dev.reflex.telemetry.TelemetryFeed;
import dev.reflex.telemetry.TelemetryPump;
import dev.reflex.testing.MosquittoBroker;
import dev.reflex.testing.MqttTestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Passwords, ACLs and TLS with a real Mosquitto (skipped with a note when it is absent). */
class MosquittoSecurityTest {
  @TempDir static Path dir;
  static MosquittoBroker mosquitto;

  @BeforeAll
  static void start() throws Exception {
    MosquittoBroker.assumeInstalled(MosquittoSecurityTest.class.getSimpleName());
    mosquitto = MosquittoBroker.shipped(dir, true).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (mosquitto != null) {
      mosquitto.close();
    }
  }

  static MqttConnectionOptions login(String user, String password) {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setUserName(user);
    o.setPassword(password.getBytes(StandardCharsets.UTF_8));
    return o;
  }

  static MqttTelemetry device(String url, String deviceId, CommandQueue queue, Path ca) {
    TelemetryOptions o =
        TelemetryOptions.of(url, deviceId)
            .withClientId("device-" + deviceId + "-" + System.nanoTime())
            .withCredentials("device", "device-pw")
            .withTls(ca, null, null);
    return new MqttTelemetry(
        o,
        MqttTelemetryTest.META,
        TelemetryFeed.forMeta(MqttTelemetryTest.META),
        null,
        queue,
        new TelemetryPump.Identity("test", "cfg"));
  }

  @Test
  void shouldRefuseAWrongPassword() {
    MqttException e =
        assertThrows(
            MqttException.class,
            () -> new MqttTestClient(mosquitto.url(), "intruder", login("device", "guess")));
    assertTrue(
        e.getReasonCode() == 0x86 || e.getReasonCode() == 0x87 || e.getReasonCode() == 0x05,
        "refused as bad credentials / not authorised: " + e.getReasonCode());
  }

  @Test
  void shouldNeverDeliverACommandFromAUserWithoutWritePermission() throws Exception {
    CommandQueue queue = new CommandQueue(8);
    long far = System.currentTimeMillis() + 60_000;
    try (MqttTelemetry dev = device(mosquitto.url(), "dev1", queue, null);
        MqttTestClient dashboard =
            new MqttTestClient(mosquitto.url(), "dash", login("dashboard", "dashboard-pw"));
        MqttTestClient operator =
            new MqttTestClient(mosquitto.url(), "op", login("operator", "operator-pw"))) {
      operator.subscribe("reflex/dev1/cmd/+/ack");
      dashboard.subscribe("reflex/dev1/status");
      dev.start();
      dashboard.await(r -> r.body().contains("online"), 10_000, "device online");

      var refused =
          dashboard.publish(
              "reflex/dev1/cmd/enter-safe", "{\"id\":\"dash1\",\"expires\":" + far + "}", 1, false);
      assertEquals(0x87, refused.getReasonCodes()[0], "broker refuses the dashboard's publish");
      operator.publish(
          "reflex/dev1/cmd/checkpoint", "{\"id\":\"op1\",\"expires\":" + far + "}", 1, false);
      var ack = operator.await("reflex/dev1/cmd/checkpoint/ack", 10_000).json();
      assertEquals("accepted", ack.get("status").textValue());

      assertEquals(new Command.Checkpoint("op1"), queue.poll());
      assertNull(queue.poll(), "the dashboard's enter-safe never reached the device");
      assertEquals(1, dev.counters().commandsAccepted.get());
      assertEquals(0, dev.counters().commandsRejected.get());
    }
  }

  @Test
  void shouldDisconnectTheSenderOfABodyOverThePacketLimitWithoutAnAck() throws Exception {
    // docs/telemetry.md: over max_packet_size (256 KiB, shipped reflex.conf) Mosquitto ends the
    // sender's connection (MQTT 5 reason 0x95 or a closed socket); the device never sees the
    // message, so no too-large ack comes. Under the limit but over the device's 4 KiB the device
    // answers too-large.
    CommandQueue queue = new CommandQueue(8);
    long far = System.currentTimeMillis() + 60_000;
    try (MqttTelemetry dev = device(mosquitto.url(), "dev1", queue, null);
        MqttTestClient operator =
            new MqttTestClient(mosquitto.url(), "op-big", login("operator", "operator-pw"))) {
      operator.subscribe("reflex/dev1/cmd/+/ack");
      dev.start();
      MqttBrokerRestartTest.waitFor(
          dev::commandsSubscribed, 10_000, "device subscribed to its commands");
      String pad = "\"pad\":\"" + "x".repeat(8_000) + "\"";
      operator.publish(
          "reflex/dev1/cmd/checkpoint", MqttCommandTest.valid("b1", far, pad), 1, false);
      var ack = operator.await("reflex/dev1/cmd/checkpoint/ack", 10_000).json();
      assertEquals("too-large", ack.get("reason").textValue());
      byte[] huge =
          MqttCommandTest.valid("b2", far, "\"pad\":\"" + "x".repeat(300_000) + "\"")
              .getBytes(StandardCharsets.UTF_8);
      try {
        operator
            .client
            .publish("reflex/dev1/cmd/checkpoint", huge, 1, false)
            .waitForCompletion(5000);
      } catch (MqttException e) {
        // the broker ended the connection before the PUBACK: what the operator sees
      }
      MqttBrokerRestartTest.waitFor(
          () -> !operator.client.isConnected(), 10_000, "the sender disconnected by the broker");
      Thread.sleep(500);
      assertEquals(1, dev.counters().commandsRejected.get(), "only the 8 KB body was answered");
      assertTrue(dev.connected(), "the device stays connected");
      assertNull(queue.poll());
    }
  }

  @Test
  void shouldNotLetTheDevicePublishOutsideItsTree() throws Exception {
    try (MqttTestClient dashboard =
            new MqttTestClient(mosquitto.url(), "dash2", login("dashboard", "dashboard-pw"));
        MqttTestClient device =
            new MqttTestClient(mosquitto.url(), "dev-raw", login("device", "device-pw"))) {
      dashboard.subscribe("reflex/#");
      var own = device.publish("reflex/dev1/event", "{\"ts\":1}", 1, false);
      assertTrue(own.getReasonCodes()[0] < 0x80, "own tree allowed");
      var other = device.publish("reflex/dev2/status", "{\"ts\":2}", 1, false);
      assertEquals(0x87, other.getReasonCodes()[0], "other device's tree refused");
      dashboard.await("reflex/dev1/event", 5000);
      Thread.sleep(300);
      assertTrue(
          dashboard.pending().stream().noneMatch(r -> r.topic().startsWith("reflex/dev2/")),
          "nothing appeared under reflex/dev2/");
    }
    // the telemetry link counts the broker's refusals (reason codes >= 0x80 on PUBACK)
    try (MqttTelemetry wrongTree = device(mosquitto.url(), "dev2", new CommandQueue(2), null)) {
      wrongTree.start();
      MqttBrokerRestartTest.waitFor(
          () -> wrongTree.counters().refused.get() >= 2, 10_000, "refused status and meta");
    }
  }

  @Test
  void shouldConnectOverTlsWithTheRightCaAndFailWithAWrongOne() throws Exception {
    CommandQueue queue = new CommandQueue(2);
    try (MqttTelemetry dev = device(mosquitto.tlsUrl(), "dev1", queue, dir.resolve("ca.crt"))) {
      dev.start();
      MqttBrokerRestartTest.waitFor(dev::connected, 15_000, "TLS connection with the test CA");
    }
    MqttConnectionOptions wrong = login("dashboard", "dashboard-pw");
    wrong.setSocketFactory(MqttTls.socketFactory(dir.resolve("wrong-ca.crt"), null, null));
    assertThrows(
        MqttException.class, () -> new MqttTestClient(mosquitto.tlsUrl(), "tls-wrong", wrong));
    MqttConnectionOptions right = login("dashboard", "dashboard-pw");
    right.setSocketFactory(MqttTls.socketFactory(dir.resolve("ca.crt"), null, null));
    try (MqttTestClient ok = new MqttTestClient(mosquitto.tlsUrl(), "tls-right", right)) {
      assertTrue(ok.client.isConnected());
    }
  }
}
