package dev.reflex.monitor;

import dev.reflex.telemetry.mqtt.BrokerUri;
import dev.reflex.telemetry.mqtt.MqttBackoff;
import dev.reflex.telemetry.mqtt.MqttTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The monitor's read-only MQTT client: subscribes to the telemetry of one device ({@code
 * reflex/<id>/...}) or of all ({@code reflex/+/...}) and hands each message, with its device id and
 * topic kind, to a listener.
 *
 * <p>It never gives up on a broker that is not up yet or went away: a connector thread retries with
 * a short backoff capped at {@link #MAX_RETRY_MS} (a person is watching, and a run's first seconds
 * are the interesting ones; Paho's own reconnect grows to 128 s), for as long as the subscriber is
 * open, and reports each change of connection state to a status listener. Only a broker that
 * refuses the credentials or the subscriptions is final ({@link #failure}).
 *
 * <p>Threading: the message listener runs on Paho's callback thread, the status listener on the
 * connector thread.
 */
public final class MonitorSubscriber implements AutoCloseable {
  /** One received telemetry message. */
  public record Message(String device, String kind, byte[] payload, boolean retained) {}

  /** The longest wait between two connection attempts. */
  public static final long MAX_RETRY_MS = 1000;

  private static final String[] TOPICS = {
    "status",
    "meta",
    "event",
    "telemetry/loop",
    "telemetry/signals",
    "telemetry/learning",
    "telemetry/summary",
    "cmd/+/ack"
  };

  private final MqttAsyncClient client;
  private final String rootPrefix;
  private final String brokerUri;
  private final String device;
  private final MqttConnectionOptions options;
  private final Consumer<String> status;
  private final Thread connector;
  private final Object lock = new Object();
  private volatile boolean closed;
  private volatile boolean lost = true;
  private volatile String failure;

  /**
   * Starts connecting and subscribing in the background; returns at once.
   *
   * @param brokerUri e.g. {@code tcp://127.0.0.1:1883} (checked by {@link BrokerUri#check})
   * @param device a device id, or null for every device
   * @param username user name or null
   * @param password password or null
   * @param caFile PEM CA for {@code ssl://} brokers, or null
   * @param listener receives every message
   * @param status receives one line on each change of connection state ("waiting for broker ...",
   *     "connected to ...")
   * @throws MqttException if the client cannot be created
   * @throws IllegalArgumentException if {@code brokerUri} is not a broker address
   */
  public MonitorSubscriber(
      String brokerUri,
      String device,
      String username,
      String password,
      Path caFile,
      Consumer<Message> listener,
      Consumer<String> status)
      throws MqttException {
    this.rootPrefix = "reflex/";
    this.brokerUri = BrokerUri.check(brokerUri, "--broker");
    this.device = device;
    this.status = status;
    this.client =
        new MqttAsyncClient(
            brokerUri,
            "reflex-monitor-"
                + ProcessHandle.current().pid()
                + "-"
                + java.util.UUID.randomUUID().toString().substring(0, 8),
            new MemoryPersistence());
    client.setCallback(
        new MqttCallback() {
          @Override
          public void disconnected(MqttDisconnectResponse r) {
            wake();
          }

          @Override
          public void mqttErrorOccurred(MqttException e) {}

          @Override
          public void messageArrived(String topic, MqttMessage m) {
            if (!topic.startsWith(rootPrefix) || m.getPayload().length == 0) {
              return;
            }
            String rest = topic.substring(rootPrefix.length());
            int slash = rest.indexOf('/');
            if (slash <= 0) {
              return;
            }
            String kind = MonitorState.kindOf(rest.substring(slash + 1));
            if (kind != null) {
              listener.accept(
                  new Message(rest.substring(0, slash), kind, m.getPayload(), m.isRetained()));
            }
          }

          @Override
          public void deliveryComplete(IMqttToken t) {}

          @Override
          public void connectComplete(boolean reconnect, String uri) {}

          @Override
          public void authPacketArrived(int rc, MqttProperties p) {}
        });
    options = new MqttConnectionOptions();
    options.setAutomaticReconnect(false);
    options.setCleanStart(true);
    options.setConnectionTimeout(2);
    options.setKeepAliveInterval(5);
    if (username != null) {
      options.setUserName(username);
    }
    if (password != null) {
      options.setPassword(password.getBytes(StandardCharsets.UTF_8));
    }
    if (brokerUri.startsWith("ssl://") || caFile != null) {
      options.setSocketFactory(MqttTls.socketFactory(caFile, null, null));
    }
    connector = new Thread(this::connectLoop, "monitor-connect");
    connector.setDaemon(true);
    connector.start();
  }

  /** Connects, subscribes, waits for a loss, and again, until closed or refused for good. */
  private void connectLoop() {
    MqttBackoff backoff = new MqttBackoff(100, MAX_RETRY_MS, new java.util.SplittableRandom());
    String lastReason = null;
    while (!closed) {
      if (client.isConnected()) {
        synchronized (lock) {
          try {
            lock.wait(500);
          } catch (InterruptedException e) {
            return;
          }
        }
        continue;
      }
      if (!lost) {
        lost = true;
        status.accept("lost broker " + brokerUri + "; reconnecting (every <= 1 s)");
      }
      try {
        client.connect(options).waitForCompletion(5_000);
        if (!subscribeAll(device)) {
          fail("broker " + brokerUri + " refused the telemetry subscriptions (check the ACL)");
          return;
        }
        backoff.reset();
        lastReason = null;
        lost = false;
        status.accept("connected to " + brokerUri);
      } catch (MqttException e) {
        int rc = e.getReasonCode();
        if (rc == 0x86 || rc == 0x87 || rc == 0x84) {
          fail(
              "broker "
                  + brokerUri
                  + " refused the connection ("
                  + e.getMessage()
                  + "); check --username/--password-file");
          return;
        }
        String reason = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        if (!java.util.Objects.equals(reason, lastReason)) {
          status.accept(
              "waiting for broker "
                  + brokerUri
                  + " ("
                  + reason
                  + "); retrying every <= 1 s, Ctrl-C to stop");
          lastReason = reason;
        }
        sleep(backoff.nextDelayMs());
      }
    }
  }

  private void fail(String why) {
    failure = why;
    status.accept(why);
  }

  private void sleep(long ms) {
    synchronized (lock) {
      try {
        lock.wait(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void wake() {
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  /**
   * Waits until connected and subscribed.
   *
   * @return false if that did not happen within {@code timeoutMs}
   */
  public boolean awaitSubscribed(long timeoutMs) throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMs;
    while (lost && failure == null && System.currentTimeMillis() < end) {
      Thread.sleep(20);
    }
    return !lost;
  }

  /** Why the broker refused this monitor for good (credentials, ACL), or null while it may yet. */
  public String failure() {
    return failure;
  }

  private boolean subscribeAll(String device) {
    String d = device == null ? "+" : device;
    String[] filters = new String[TOPICS.length];
    int[] qos = new int[TOPICS.length];
    for (int i = 0; i < TOPICS.length; i++) {
      filters[i] = rootPrefix + d + "/" + TOPICS[i];
      qos[i] = 1;
    }
    try {
      IMqttToken t = client.subscribe(filters, qos);
      t.waitForCompletion(10_000);
      for (int rc : t.getReasonCodes()) {
        if (rc >= 0x80) {
          return false;
        }
      }
      return true;
    } catch (MqttException e) {
      return false;
    }
  }

  /**
   * Publishes a command body to {@code reflex/<device>/cmd/<name>} with QoS 1, not retained, with
   * this subscriber's own credentials, and waits for the broker's PUBACK.
   *
   * @param device device id (no MQTT wildcards or slashes; the caller validated it)
   * @param name command name (validated by the caller)
   * @param body the command's JSON body; not modified
   * @param timeoutMs how long to wait for the PUBACK
   * @return the PUBACK reason code: below 0x80 delivered, 0x87 not authorised, ...
   * @throws MqttException if not connected or the publish timed out
   */
  public int publishCommand(String device, String name, byte[] body, long timeoutMs)
      throws MqttException {
    IMqttToken t = client.publish(rootPrefix + device + "/cmd/" + name, body, 1, false);
    t.waitForCompletion(timeoutMs);
    int[] codes = t.getReasonCodes();
    return codes == null || codes.length == 0 ? 0 : codes[0];
  }

  /** True while connected to the broker. */
  public boolean connected() {
    return client.isConnected();
  }

  @Override
  public void close() {
    closed = true;
    wake();
    try {
      connector.join(3000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(2000);
      }
      client.close(true);
    } catch (MqttException e) {
      // closing anyway
    }
  }
}
