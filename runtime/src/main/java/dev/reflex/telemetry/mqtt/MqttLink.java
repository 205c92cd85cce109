package dev.reflex.telemetry.mqtt;

import dev.reflex.telemetry.BoundedQueue;
import dev.reflex.telemetry.InboundCommand;
import dev.reflex.telemetry.TelemetryCounters;
import dev.reflex.telemetry.TelemetrySink;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
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
 * The device's MQTT connection: one Paho {@link MqttAsyncClient} (MQTT 5, in-memory persistence,
 * clean start) with a retained "offline" will on {@code status}, reconnection with jittered
 * exponential backoff ({@link MqttBackoff}), a bounded drop-oldest offline buffer for non-retained
 * messages, and a subscription to {@code cmd/+} whose messages go to the command inbox.
 *
 * <p>Why not Paho's automatic reconnect and {@code DisconnectedBufferOptions}: in Paho 1.2.5 the
 * disconnected buffer only engages while Paho's own automatic reconnect runs, and that reconnect
 * doubles a delay that is a static field shared by every client of the JVM, without jitter. The
 * link therefore reconnects itself and keeps its own buffer with the same semantics (bounded,
 * delete-oldest) but exact drop counts.
 *
 * <p>Threading: {@link #service}, {@link #publish}, {@link #close} on the telemetry thread only;
 * Paho's threads only run the callbacks, which touch volatile state, atomic counters and the inbox.
 * Never blocks except in {@link #close}.
 */
public final class MqttLink implements TelemetrySink {
  private static final int DISCONNECTED = 0;
  private static final int CONNECTING = 1;
  private static final int CONNECTED = 2;
  private static final int CLOSED = 3;

  private record Pending(String subtopic, byte[] payload, int qos) {}

  private final TelemetryOptions options;
  private final TelemetryCounters counters;
  private final BoundedQueue<InboundCommand> inbox;
  private final LongFunction<byte[]> willPayload;
  private final MqttAsyncClient client;
  private final MqttConnectionOptions connectOptions;
  private final MqttBackoff backoff;
  private final ArrayDeque<Pending> offline = new ArrayDeque<>();
  private final String commandPrefix;
  private final MqttActionListener deliveries = new Deliveries();

  private volatile int state = DISCONNECTED;
  private volatile long nextAttemptMs;
  private volatile boolean justConnected;

  /** True once the broker granted this connection's command subscription (SUBACK below 0x80). */
  private volatile boolean commandsSubscribed;

  private volatile String lastError = "";
  private boolean everConnected;

  /**
   * Creates the link; nothing is sent before the first {@link #service}.
   *
   * @param inbox receives messages arriving on {@code cmd/+}
   * @param willPayload the "offline" status body for a given epoch-ms time, set as the will
   * @param seed seed of the reconnect jitter
   */
  public MqttLink(
      TelemetryOptions options,
      TelemetryCounters counters,
      BoundedQueue<InboundCommand> inbox,
      LongFunction<byte[]> willPayload,
      long seed) {
    this.options = options;
    this.counters = counters;
    this.inbox = inbox;
    this.willPayload = willPayload;
    this.backoff =
        new MqttBackoff(
            options.reconnectMinMs(), options.reconnectMaxMs(), new SplittableRandom(seed));
    this.commandPrefix = options.topic("cmd/");
    try {
      this.client =
          new MqttAsyncClient(
              options.brokerUris().getFirst(), options.clientId(), new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalArgumentException(
          "telemetry: cannot create MQTT client for "
              + options.brokerUris()
              + ": "
              + e.getMessage(),
          e);
    }
    this.client.setCallback(new Callbacks());
    this.connectOptions = connectOptions(options);
  }

  private static MqttConnectionOptions connectOptions(TelemetryOptions o) {
    MqttConnectionOptions c = new MqttConnectionOptions();
    c.setServerURIs(o.brokerUris().toArray(new String[0]));
    c.setCleanStart(true);
    c.setSessionExpiryInterval(0L);
    c.setAutomaticReconnect(false);
    c.setKeepAliveInterval(o.keepAliveS());
    c.setConnectionTimeout(10);
    c.setMaximumPacketSize(
        (long) Math.max(o.rates().maxMessageBytes(), o.commandLimits().maxPayloadBytes()) * 4);
    if (o.username() != null) {
      c.setUserName(o.username());
    }
    if (o.password() != null) {
      c.setPassword(o.password().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    boolean tls = o.brokerUris().stream().anyMatch(u -> u.startsWith("ssl://"));
    if (tls || o.caFile() != null) {
      c.setSocketFactory(MqttTls.socketFactory(o.caFile(), o.clientCertFile(), o.clientKeyFile()));
    }
    return c;
  }

  /**
   * Starts a connection attempt when one is due; call every telemetry round.
   *
   * @return true exactly once after each successful connection: the caller then publishes the
   *     retained status and meta, and the link re-subscribes and sends its offline buffer
   */
  public boolean service(long nowMs) {
    if (state == DISCONNECTED && nowMs >= nextAttemptMs) {
      state = CONNECTING;
      MqttMessage will = new MqttMessage(willPayload.apply(nowMs), 1, true, new MqttProperties());
      connectOptions.setWill(options.topic("status"), will);
      try {
        client.connect(connectOptions, null, new ConnectResult());
      } catch (MqttException e) {
        connectFailed(e);
      }
    }
    if (justConnected) {
      justConnected = false;
      try {
        MqttSubscription commands = new MqttSubscription(options.topic("cmd/+"), 1);
        commands.setRetainAsPublished(true); // so that retained commands can be recognised
        client.subscribe(
            new MqttSubscription[] {commands}, null, new SubscribeResult(), new MqttProperties());
      } catch (MqttException e) {
        lastError = "subscribe failed: " + e.getMessage();
      }
      return true;
    }
    return false;
  }

  /** Sends the messages buffered while offline (oldest first). Telemetry thread. */
  public void flushOffline() {
    Pending p;
    while (state == CONNECTED && (p = offline.pollFirst()) != null) {
      send(p.subtopic(), p.payload(), p.qos(), false);
    }
  }

  @Override
  public boolean publish(String subtopic, byte[] payload, int qos, boolean retained) {
    // Until this thread has run the connect sequence (service: subscribe; the caller: status and
    // meta, then the backlog) a new connection takes nothing else: Paho's thread marks the link
    // connected at any point of a telemetry round, and telemetry sent then went ahead of the
    // retained status and could fill the broker's receive maximum so that the status was dropped
    // (seen in the restart scenario: a run whose "online" never reached the observer).
    if (state == CONNECTED && !justConnected) {
      // retained status and meta go before the backlog: flushing first can fill the broker's
      // receive maximum (Mosquitto: 20 in flight), and they would be dropped as MAX_INFLIGHT
      if (!retained && !offline.isEmpty()) {
        flushOffline();
      }
      return send(subtopic, payload, qos, retained);
    }
    return buffer(subtopic, payload, qos, retained);
  }

  private boolean buffer(String subtopic, byte[] payload, int qos, boolean retained) {
    if (retained) {
      // status and meta are republished after every connect; an old copy is worthless
      return false;
    }
    if (options.offlineBufferMessages() == 0) {
      counters.droppedOffline.incrementAndGet();
      return false;
    }
    if (offline.size() >= options.offlineBufferMessages()) {
      offline.pollFirst();
      counters.droppedOffline.incrementAndGet();
    }
    offline.addLast(new Pending(subtopic, payload, qos));
    return true;
  }

  private boolean send(String subtopic, byte[] payload, int qos, boolean retained) {
    try {
      client.publish(options.topic(subtopic), payload, qos, retained, null, deliveries);
      counters.published.incrementAndGet();
      return true;
    } catch (MqttException e) {
      int code = e.getReasonCode();
      if (code == MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED) {
        return buffer(subtopic, payload, qos, retained);
      }
      if (code == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
        counters.droppedOffline.incrementAndGet();
      } else {
        counters.refused.incrementAndGet();
        lastError = "publish failed: " + e.getMessage();
      }
      return false;
    }
  }

  /** True while connected to a broker. */
  public boolean connected() {
    return state == CONNECTED;
  }

  /**
   * True while connected and the broker has granted the command subscription: a command published
   * from now on reaches this device. {@link #connected()} turns true one SUBACK earlier.
   */
  public boolean commandsSubscribed() {
    return state == CONNECTED && commandsSubscribed;
  }

  /** Messages waiting in the offline buffer. */
  public int buffered() {
    return offline.size();
  }

  /** The last connection or publish error, for logs; empty if none. */
  public String lastError() {
    return lastError;
  }

  /** The broker URI currently or last connected, for logs. */
  public String serverUri() {
    return client.getCurrentServerURI();
  }

  /**
   * Publishes the retained "offline" status (when connected), disconnects cleanly and releases the
   * client. Waits up to {@code timeoutMs} for each step.
   */
  public void close(byte[] offlineStatus, long timeoutMs) {
    int was = state;
    state = CLOSED;
    try {
      if (was == CONNECTED) {
        client
            .publish(options.topic("status"), offlineStatus, 1, true)
            .waitForCompletion(timeoutMs);
        client.disconnect(timeoutMs).waitForCompletion(timeoutMs);
      } else if (was == CONNECTING) {
        client.disconnectForcibly(0, timeoutMs, false);
      }
    } catch (MqttException e) {
      lastError = "clean disconnect failed: " + e.getMessage();
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      lastError = "close failed: " + e.getMessage();
    }
  }

  /**
   * Drops the TCP connection without a DISCONNECT packet, as a crash or cable pull would, so the
   * broker publishes the will. For tests; reconnection follows as for any lost connection.
   */
  void abortConnection() throws MqttException {
    client.disconnectForcibly(0, 1000, false);
    // Paho reports no loss for a disconnect it was asked for: take the lost-connection path.
    connectionLost("connection aborted");
  }

  private void connectionLost(String why) {
    if (state == CLOSED) {
      return;
    }
    lastError = why;
    commandsSubscribed = false;
    justConnected = false; // lost before this thread ran the connect sequence: nothing to do
    long delay;
    synchronized (backoff) {
      delay = backoff.nextDelayMs();
    }
    nextAttemptMs = System.currentTimeMillis() + delay;
    state = DISCONNECTED;
  }

  private void connectFailed(Throwable e) {
    counters.connectFailures.incrementAndGet();
    lastError = "connect failed: " + (e == null ? "?" : e.getMessage());
    long delay;
    synchronized (backoff) {
      delay = backoff.nextDelayMs();
    }
    nextAttemptMs = System.currentTimeMillis() + delay;
    if (state != CLOSED) {
      state = DISCONNECTED;
    }
  }

  private final class ConnectResult implements MqttActionListener {
    @Override
    public void onSuccess(IMqttToken token) {
      if (state == CLOSED) {
        return;
      }
      synchronized (backoff) {
        backoff.reset();
      }
      if (everConnected) {
        counters.reconnects.incrementAndGet();
      }
      everConnected = true;
      commandsSubscribed = false;
      justConnected = true; // before the state: a publish never sees CONNECTED without it
      state = CONNECTED;
    }

    @Override
    public void onFailure(IMqttToken token, Throwable e) {
      connectFailed(e);
    }
  }

  private final class SubscribeResult implements MqttActionListener {
    @Override
    public void onSuccess(IMqttToken token) {
      int[] codes = token.getReasonCodes();
      if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
        lastError =
            "broker refused the command subscription "
                + options.topic("cmd/+")
                + " with reason code 0x"
                + Integer.toHexString(codes[0])
                + "; check the broker's ACL for this user";
        return;
      }
      commandsSubscribed = true;
    }

    @Override
    public void onFailure(IMqttToken token, Throwable e) {
      lastError = "subscribe failed: " + (e == null ? "?" : e.getMessage());
    }
  }

  private final class Deliveries implements MqttActionListener {
    @Override
    public void onSuccess(IMqttToken token) {
      int[] codes = token.getReasonCodes();
      if (codes != null) {
        for (int rc : codes) {
          if (rc >= 0x80) {
            counters.refused.incrementAndGet();
            lastError = "broker refused a publish with reason code 0x" + Integer.toHexString(rc);
            return;
          }
        }
      }
    }

    @Override
    public void onFailure(IMqttToken token, Throwable e) {
      counters.refused.incrementAndGet();
      lastError = "publish failed: " + (e == null ? "?" : e.getMessage());
    }
  }

  /** MQTT 5 DISCONNECT reason code: another connection took this client id. */
  static final int SESSION_TAKEN_OVER = 0x8E;

  private final class Callbacks implements MqttCallback {
    @Override
    public void disconnected(MqttDisconnectResponse response) {
      boolean takenOver = response != null && response.getReturnCode() == SESSION_TAKEN_OVER;
      boolean closedByBroker =
          response != null
              && response.getException() != null
              && response.getException().getCause() instanceof java.io.EOFException;
      if (takenOver || closedByBroker) {
        // Another client connected with this device's client id (MQTT 5 reason 0x8E; Mosquitto
        // 2.0 just closes the old connection), or the broker went down: counted, the pump reports
        // repeated ones (docs/telemetry.md, "Client ids").
        counters.sessionTakeovers.incrementAndGet();
        connectionLost(
            (takenOver ? "session taken over" : "connection closed by the broker")
                + ": another client with client id '"
                + client.getClientId()
                + "'? (bind client ids to users: use_username_as_clientid)");
        return;
      }
      connectionLost("disconnected: " + response);
    }

    @Override
    public void mqttErrorOccurred(MqttException e) {
      lastError = "mqtt error: " + e.getMessage();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      if (!topic.startsWith(commandPrefix)) {
        return;
      }
      String name = topic.substring(commandPrefix.length());
      // an empty body is how an operator deletes a retained message: nothing to answer
      if (name.isEmpty() || name.contains("/") || message.getPayload().length == 0) {
        return;
      }
      if (!inbox.offer(new InboundCommand(name, message.getPayload(), message.isRetained()))) {
        counters.inboxDropped.incrementAndGet();
      }
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
