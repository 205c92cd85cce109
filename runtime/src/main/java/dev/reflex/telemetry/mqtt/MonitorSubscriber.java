package dev.reflex.telemetry.mqtt;

import dev.reflex.telemetry.MonitorState;
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
 * topic kind, to a listener. Uses Paho's automatic reconnect (a person watches it; no jitter
 * needed).
 *
 * <p>Threading: the listener runs on Paho's callback thread.
 */
public final class MonitorSubscriber implements AutoCloseable {
  /** One received telemetry message. */
  public record Message(String device, String kind, byte[] payload, boolean retained) {}

  private static final String[] TOPICS = {
    "status",
    "meta",
    "event",
    "telemetry/loop",
    "telemetry/signals",
    "telemetry/learning",
    "cmd/+/ack"
  };

  private final MqttAsyncClient client;
  private final String rootPrefix;

  /**
   * Connects and subscribes.
   *
   * @param brokerUri e.g. {@code tcp://127.0.0.1:1883}
   * @param device a device id, or null for every device
   * @param username user name or null
   * @param password password or null
   * @param caFile PEM CA for {@code ssl://} brokers, or null
   * @param listener receives every message
   * @throws MqttException if the connection or subscription fails
   */
  public MonitorSubscriber(
      String brokerUri,
      String device,
      String username,
      String password,
      Path caFile,
      Consumer<Message> listener)
      throws MqttException {
    this.rootPrefix = "reflex/";
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
          public void disconnected(MqttDisconnectResponse r) {}

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
          public void connectComplete(boolean reconnect, String uri) {
            if (reconnect) {
              subscribeAll(device);
            }
          }

          @Override
          public void authPacketArrived(int rc, MqttProperties p) {}
        });
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setAutomaticReconnect(true);
    o.setCleanStart(true);
    if (username != null) {
      o.setUserName(username);
    }
    if (password != null) {
      o.setPassword(password.getBytes(StandardCharsets.UTF_8));
    }
    if (brokerUri.startsWith("ssl://") || caFile != null) {
      o.setSocketFactory(MqttTls.socketFactory(caFile, null, null));
    }
    client.connect(o).waitForCompletion(15_000);
    if (!subscribeAll(device)) {
      close();
      throw new IllegalStateException(
          "broker " + brokerUri + " refused the telemetry subscriptions (check the ACL)");
    }
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
