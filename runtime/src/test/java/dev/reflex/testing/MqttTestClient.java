package dev.reflex.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A plain Paho MQTT 5 client for tests, the one every test and the HIL rig's observer use:
 * connects, subscribes, records every message with its receive time (or hands it to a consumer),
 * publishes and reports the broker's reason code.
 *
 * <p>Threading: Paho's callback thread records; any thread reads.
 */
public final class MqttTestClient implements AutoCloseable {
  /** For {@link Received#json}. */
  public static final ObjectMapper JSON = new ObjectMapper();

  /** A received message; {@code receivedMs} is the test machine's epoch time at arrival. */
  public record Received(long receivedMs, String topic, String body, boolean retained) {
    /** The body as JSON; fails the test when it is not JSON. */
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (Exception e) {
        throw new AssertionError("not JSON on " + topic + ": " + body, e);
      }
    }
  }

  /** Messages not yet taken by {@link #await} (when no consumer was given). */
  public final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();

  /** The Paho client itself, for what this class does not wrap. */
  public final MqttAsyncClient client;

  private final List<Received> history = new ArrayList<>();
  private final MqttConnectionOptions options;

  /** Connects with default options (anonymous, clean start). */
  public MqttTestClient(String url, String clientId) throws MqttException {
    this(url, clientId, new MqttConnectionOptions());
  }

  /** Connects with {@code options}, recording messages for {@link #await}. */
  public MqttTestClient(String url, String clientId, MqttConnectionOptions options)
      throws MqttException {
    this(url, clientId, options, null, change -> {});
    connect();
  }

  /**
   * A client that is not connected yet ({@link #connect}).
   *
   * @param onMessage receives every message on Paho's thread; null records them for {@link #await}
   * @param onConnection receives a line on every connection loss or client error
   */
  public MqttTestClient(
      String url,
      String clientId,
      MqttConnectionOptions options,
      Consumer<Received> onMessage,
      Consumer<String> onConnection)
      throws MqttException {
    this.options = options;
    Consumer<Received> sink = onMessage != null ? onMessage : received::add;
    client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
    client.setCallback(
        new MqttCallback() {
          @Override
          public void disconnected(MqttDisconnectResponse r) {
            onConnection.accept("disconnected: " + r);
          }

          @Override
          public void mqttErrorOccurred(MqttException e) {
            onConnection.accept("error: " + e.getMessage());
          }

          @Override
          public void messageArrived(String topic, MqttMessage m) {
            sink.accept(
                new Received(
                    System.currentTimeMillis(),
                    topic,
                    new String(m.getPayload(), StandardCharsets.UTF_8),
                    m.isRetained()));
          }

          @Override
          public void deliveryComplete(IMqttToken t) {}

          @Override
          public void connectComplete(boolean reconnect, String uri) {}

          @Override
          public void authPacketArrived(int rc, MqttProperties p) {}
        });
  }

  /** Connects (again), waiting up to 10 s. */
  public void connect() throws MqttException {
    client.connect(options).waitForCompletion(10_000);
  }

  /** True while connected. */
  public boolean connected() {
    return client.isConnected();
  }

  /** Subscribes at QoS 1 and waits for the SUBACK. */
  public MqttTestClient subscribe(String filter) throws MqttException {
    return subscribe(filter, 1, false);
  }

  /** Subscribes and waits for the SUBACK; {@code retainAsPublished} keeps the retain flag. */
  public MqttTestClient subscribe(String filter, int qos, boolean retainAsPublished)
      throws MqttException {
    MqttSubscription s = new MqttSubscription(filter, qos);
    s.setRetainAsPublished(retainAsPublished);
    try {
      client.subscribe(new MqttSubscription[] {s}).waitForCompletion(10_000);
    } catch (MqttException e) {
      int rc = e.getReasonCode();
      if (rc != MqttClientException.REASON_CODE_CONNECTION_LOST
          && rc != MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED) {
        throw e;
      }
      // Moquette can close a connection it has just acknowledged when the SUBSCRIBE follows the
      // CONNACK at once (it logs "SUBSCRIBE received on already closed connection"; its session is
      // still CONNECTING, moquette-io/moquette#821): connect once more and subscribe again.
      connect();
      client.subscribe(new MqttSubscription[] {s}).waitForCompletion(10_000);
    }
    return this;
  }

  /** Publishes UTF-8 text and waits for the broker (the PUBACK at QoS 1). */
  public IMqttToken publish(String topic, String body, int qos, boolean retained)
      throws MqttException {
    return publish(topic, body.getBytes(StandardCharsets.UTF_8), qos, retained);
  }

  /** Publishes raw bytes and waits for the broker. */
  public IMqttToken publish(String topic, byte[] body, int qos, boolean retained)
      throws MqttException {
    IMqttToken t = client.publish(topic, body, qos, retained);
    t.waitForCompletion(10_000);
    return t;
  }

  /** The first reason code of a token: 0 success, at least 0x80 refused (0x87 not authorised). */
  public static int reasonCode(IMqttToken t) {
    int[] codes = t.getReasonCodes();
    return codes == null || codes.length == 0 ? 0 : codes[0];
  }

  /**
   * Waits for the first message matching {@code match} that no earlier call returned (messages are
   * kept, so waiting for one topic does not lose another); fails on timeout.
   */
  public Received await(Predicate<Received> match, long timeoutMs, String what)
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
  public List<Received> pending() {
    synchronized (history) {
      received.drainTo(history);
      return List.copyOf(history);
    }
  }

  /** Waits for a message on exactly {@code topic}. */
  public Received await(String topic, long timeoutMs) throws InterruptedException {
    return await(r -> r.topic().equals(topic), timeoutMs, "a message on " + topic);
  }

  /** Disconnects (waiting up to 2 s) and closes; best effort. */
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
