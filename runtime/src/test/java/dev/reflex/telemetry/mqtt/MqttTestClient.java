package dev.reflex.telemetry.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A plain Paho client for tests: subscribes, records every message, publishes. */
final class MqttTestClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A received message. */
  record Received(String topic, String body, boolean retained) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (Exception e) {
        throw new AssertionError("not JSON on " + topic + ": " + body, e);
      }
    }
  }

  final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final java.util.ArrayList<Received> history = new java.util.ArrayList<>();
  final MqttAsyncClient client;

  MqttTestClient(String url, String clientId) throws MqttException {
    this(url, clientId, new MqttConnectionOptions());
  }

  MqttTestClient(String url, String clientId, MqttConnectionOptions options) throws MqttException {
    client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
    client.setCallback(
        new MqttCallback() {
          @Override
          public void disconnected(MqttDisconnectResponse r) {}

          @Override
          public void mqttErrorOccurred(MqttException e) {}

          @Override
          public void messageArrived(String topic, MqttMessage m) {
            received.add(
                new Received(
                    topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.isRetained()));
          }

          @Override
          public void deliveryComplete(IMqttToken t) {}

          @Override
          public void connectComplete(boolean reconnect, String uri) {}

          @Override
          public void authPacketArrived(int rc, MqttProperties p) {}
        });
    client.connect(options).waitForCompletion(10_000);
  }

  MqttTestClient subscribe(String filter) throws MqttException {
    client.subscribe(filter, 1).waitForCompletion(10_000);
    return this;
  }

  IMqttToken publish(String topic, String body, int qos, boolean retained) throws MqttException {
    IMqttToken t = client.publish(topic, body.getBytes(StandardCharsets.UTF_8), qos, retained);
    t.waitForCompletion(10_000);
    return t;
  }

  /**
   * Waits for the first message matching {@code match} that no earlier call returned (messages are
   * kept, so waiting for one topic does not lose another); fails on timeout.
   */
  Received await(Predicate<Received> match, long timeoutMs, String what)
      throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMs;
    while (true) {
      synchronized (history) {
        received.drainTo(history);
        for (int i = 0; i < history.size(); i++) {
          Received r = history.get(i);
          if (match.test(r)) {
            history.remove(i);
            return r;
          }
        }
      }
      long left = end - System.currentTimeMillis();
      if (left <= 0) {
        throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
      }
      Received r = received.poll(Math.min(left, 50), TimeUnit.MILLISECONDS);
      if (r != null) {
        synchronized (history) {
          history.add(r);
        }
      }
    }
  }

  /** Every message received so far and not returned by {@link #await}. */
  java.util.List<Received> pending() {
    synchronized (history) {
      received.drainTo(history);
      return java.util.List.copyOf(history);
    }
  }

  /** Waits for a message on exactly {@code topic}. */
  Received await(String topic, long timeoutMs) throws InterruptedException {
    return await(r -> r.topic().equals(topic), timeoutMs, "a message on " + topic);
  }

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(2000);
      }
      client.close(true);
    } catch (MqttException e) {
      // best effort in tests
    }
  }
}
