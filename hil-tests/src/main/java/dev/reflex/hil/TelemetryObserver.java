package dev.reflex.hil;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflex.testing.MqttTestClient;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * What a remote user sees: a plain Paho MQTT 5 client that subscribes to a filter (normally {@code
 * reflex/<device>/#}) and records every message with its receive time. When the broker goes away it
 * reconnects by itself every 200 ms and subscribes again, recording each connection change. It can
 * also publish (commands), with a user name and password when the broker wants them.
 *
 * <p>Threading: Paho's callback thread appends; any thread reads (synchronised snapshots).
 */
public final class TelemetryObserver implements AutoCloseable {
  /** A change of the observer's own connection. */
  public record ConnectionChange(long atMs, boolean connected, String detail) {}

  private final MqttTestClient client;
  private final String filter;
  private final List<Observed> messages = new ArrayList<>();
  private final List<ConnectionChange> changes = new ArrayList<>();
  private final Thread keeper;
  private volatile boolean closed;

  /**
   * Connects (waiting up to 10 s) and subscribes to {@code filter} at QoS 1.
   *
   * @param user null for anonymous
   */
  public TelemetryObserver(String url, String clientId, String filter, String user, String password)
      throws MqttException {
    this.filter = filter;
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setConnectionTimeout(2);
    options.setKeepAliveInterval(5);
    if (user != null) {
      options.setUserName(user);
      options.setPassword(password.getBytes(StandardCharsets.UTF_8));
    }
    this.client = new MqttTestClient(url, clientId, options, this::record, this::lost);
    connectAndSubscribe();
    keeper = Thread.ofPlatform().daemon().name("observer-" + clientId).start(this::keepConnected);
  }

  /** Anonymous observer of {@code reflex/<deviceId>/#}. */
  public static TelemetryObserver of(String url, String deviceId) throws MqttException {
    return new TelemetryObserver(
        url, "hil-observer-" + System.nanoTime(), "reflex/" + deviceId + "/#", null, null);
  }

  private void connectAndSubscribe() throws MqttException {
    client.connect();
    if (filter != null) {
      client.subscribe(filter, 1, true);
    }
    note(true, "connected");
  }

  private void keepConnected() {
    while (!closed) {
      if (!client.connected()) {
        try {
          connectAndSubscribe();
        } catch (MqttException e) {
          // broker still away: try again shortly
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void note(boolean connected, String detail) {
    changes.add(new ConnectionChange(System.currentTimeMillis(), connected, detail));
  }

  /**
   * Publishes and waits for the broker's answer (QoS 1: the PUBACK).
   *
   * @return the first reason code of the token (0 = success; ≥ 0x80 = refused, e.g. 0x87 not
   *     authorised)
   */
  public int publish(String topic, String body, int qos, boolean retained) throws MqttException {
    return MqttTestClient.reasonCode(client.publish(topic, body, qos, retained));
  }

  /** Publishes raw bytes (e.g. not UTF-8, or oversized). */
  public int publish(String topic, byte[] body, int qos, boolean retained) throws MqttException {
    return MqttTestClient.reasonCode(client.publish(topic, body, qos, retained));
  }

  /** Every message so far, in arrival order. */
  public synchronized List<Observed> messages() {
    return List.copyOf(messages);
  }

  /** Messages whose topic ends with {@code /suffix}, in arrival order. */
  public List<Observed> on(String suffix) {
    return messages().stream().filter(m -> m.on(suffix)).toList();
  }

  /** Connection changes of this observer (its own view of the broker going away). */
  public synchronized List<ConnectionChange> connectionChanges() {
    return List.copyOf(changes);
  }

  /** True while connected. */
  public boolean connected() {
    return client.connected();
  }

  /**
   * Waits until a message received after index {@code fromIndex} matches.
   *
   * @throws AssertionError naming {@code what} on timeout
   */
  public Observed await(Predicate<Observed> match, int fromIndex, long timeoutMs, String what) {
    long end = System.currentTimeMillis() + timeoutMs;
    while (true) {
      List<Observed> all = messages();
      for (int i = fromIndex; i < all.size(); i++) {
        if (match.test(all.get(i))) {
          return all.get(i);
        }
      }
      if (System.currentTimeMillis() > end) {
        throw new AssertionError(
            "observer: no " + what + " within " + timeoutMs + " ms (" + all.size() + " messages)");
      }
      RigProcess.sleepMs(20);
    }
  }

  /** Waits for a message on topic suffix {@code suffix}. */
  public Observed await(String suffix, long timeoutMs) {
    return await(m -> m.on(suffix), 0, timeoutMs, "message on */" + suffix);
  }

  /** Number of messages so far (an index for {@link #await(Predicate, int, long, String)}). */
  public synchronized int size() {
    return messages.size();
  }

  /** Writes every message as one JSON object per line: receive time, topic, retained, body. */
  public void writeJsonLines(Path file) {
    ObjectMapper json = new ObjectMapper();
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      for (Observed m : messages()) {
        ObjectNode o = json.createObjectNode();
        o.put("received_ms", m.receivedMs());
        o.put("topic", m.topic());
        o.put("retained", m.retained());
        o.set(
            "body", m.json().isMissingNode() ? json.getNodeFactory().textNode(m.body()) : m.json());
        w.write(json.writeValueAsString(o));
        w.write('\n');
      }
      for (ConnectionChange c : connectionChanges()) {
        w.write(
            "{\"received_ms\":"
                + c.atMs()
                + ",\"observer\":\""
                + (c.connected() ? "connected" : "disconnected")
                + "\"}\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  @Override
  public void close() {
    closed = true;
    keeper.interrupt();
    client.close();
  }

  private void record(MqttTestClient.Received r) {
    Observed o = new Observed(r.receivedMs(), r.topic(), r.body(), r.retained());
    synchronized (this) {
      messages.add(o);
    }
  }

  private void lost(String detail) {
    note(!detail.startsWith("disconnected") && client != null && client.connected(), detail);
  }
}
