package dev.reflex.telemetry.mqtt;

import dev.reflex.telemetry.CommandLimits;
import dev.reflex.telemetry.TelemetryRates;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Everything the MQTT telemetry link needs, resolved by the config loader (secrets already read
 * from their files).
 *
 * @param brokerUris one or more {@code tcp://host:port} or {@code ssl://host:port}, tried in order
 * @param clientId MQTT client id (unique per broker)
 * @param deviceId device id, one topic level
 * @param root topic root ending in '/', default {@code reflex/<device-id>/}
 * @param rates publishing rates, QoS and message size limit
 * @param commandLimits what remote commands may ask for
 * @param commandQueueCapacity accepted commands waiting to be applied
 * @param offlineBufferMessages non-retained messages kept while disconnected (oldest dropped)
 * @param reconnectMinMs first reconnect delay (before jitter)
 * @param reconnectMaxMs largest reconnect delay (before jitter)
 * @param keepAliveS MQTT keep-alive; the broker publishes the will this long (x1.5) after a silent
 *     loss
 * @param username user name, or null
 * @param password password, or null
 * @param caFile PEM CA certificate(s) trusted for {@code ssl://}; null uses the JVM's trust store
 * @param clientCertFile PEM client certificate for mutual TLS, or null
 * @param clientKeyFile PEM PKCS#8 private key of the client certificate, or null
 */
public record TelemetryOptions(
    List<String> brokerUris,
    String clientId,
    String deviceId,
    String root,
    TelemetryRates rates,
    CommandLimits commandLimits,
    int commandQueueCapacity,
    int offlineBufferMessages,
    long reconnectMinMs,
    long reconnectMaxMs,
    int keepAliveS,
    String username,
    String password,
    Path caFile,
    Path clientCertFile,
    Path clientKeyFile) {

  private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  /** Validates fields, naming the offending one. */
  public TelemetryOptions {
    brokerUris = List.copyOf(brokerUris);
    if (brokerUris.isEmpty()) {
      throw new IllegalArgumentException("telemetry: no broker URI");
    }
    for (String uri : brokerUris) {
      BrokerUri.check(uri, "telemetry broker");
    }
    if (deviceId == null || !DEVICE.matcher(deviceId).matches()) {
      throw new IllegalArgumentException(
          "telemetry deviceId '" + deviceId + "' must match " + DEVICE.pattern());
    }
    if (root == null || root.isEmpty()) {
      root = "reflex/" + deviceId + "/";
    }
    if (!root.endsWith("/") || root.contains("+") || root.contains("#")) {
      throw new IllegalArgumentException(
          "telemetry root '" + root + "' must end with '/' and contain no wildcards");
    }
    if (clientId == null || clientId.isEmpty()) {
      clientId = "reflex-" + deviceId;
    }
    if (commandQueueCapacity < 1 || offlineBufferMessages < 0) {
      throw new IllegalArgumentException(
          "telemetry command queue/offline buffer sizes must be >= 1/0");
    }
    if (reconnectMinMs < 1 || reconnectMaxMs < reconnectMinMs) {
      throw new IllegalArgumentException(
          "telemetry reconnect delays "
              + reconnectMinMs
              + ".."
              + reconnectMaxMs
              + " ms are invalid");
    }
    if (keepAliveS < 1 || keepAliveS > 65535) {
      throw new IllegalArgumentException(
          "telemetry keepAliveS " + keepAliveS + " not in [1, 65535]");
    }
  }

  /** Defaults for {@code brokerUri} and {@code deviceId}: 20 Hz signals, QoS 0, 1000 buffered. */
  public static TelemetryOptions of(String brokerUri, String deviceId) {
    return new TelemetryOptions(
        List.of(brokerUri),
        null,
        deviceId,
        null,
        TelemetryRates.defaults(),
        CommandLimits.defaults(),
        32,
        1000,
        500,
        30_000,
        10,
        null,
        null,
        null,
        null,
        null);
  }

  /** With other rates. */
  public TelemetryOptions withRates(TelemetryRates r) {
    return with(f -> f.rates = r);
  }

  /** With other command limits. */
  public TelemetryOptions withCommandLimits(CommandLimits l) {
    return with(f -> f.commandLimits = l);
  }

  /** With other reconnect delays and offline buffer size. */
  public TelemetryOptions withReconnect(long minMs, long maxMs, int bufferMessages) {
    return with(f -> f.reconnect(minMs, maxMs, bufferMessages));
  }

  /** With credentials. */
  public TelemetryOptions withCredentials(String user, String pass) {
    return with(f -> f.credentials(user, pass));
  }

  /** With TLS files (client cert and key may be null). */
  public TelemetryOptions withTls(Path ca, Path clientCert, Path clientKey) {
    return with(f -> f.tls(ca, clientCert, clientKey));
  }

  /** With another client id. */
  public TelemetryOptions withClientId(String id) {
    return with(f -> f.clientId = id);
  }

  /** A copy of these options with {@code change} applied to its fields, validated again. */
  private TelemetryOptions with(Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return f.build();
  }

  /** The record's fields as a mutable copy: the one place the withers list them. */
  private static final class Fields {
    List<String> brokerUris;
    String clientId;
    String deviceId;
    String root;
    TelemetryRates rates;
    CommandLimits commandLimits;
    int commandQueueCapacity;
    int offlineBufferMessages;
    long reconnectMinMs;
    long reconnectMaxMs;
    int keepAliveS;
    String username;
    String password;
    Path caFile;
    Path clientCertFile;
    Path clientKeyFile;

    Fields(TelemetryOptions o) {
      brokerUris = o.brokerUris;
      clientId = o.clientId;
      deviceId = o.deviceId;
      root = o.root;
      rates = o.rates;
      commandLimits = o.commandLimits;
      commandQueueCapacity = o.commandQueueCapacity;
      offlineBufferMessages = o.offlineBufferMessages;
      reconnectMinMs = o.reconnectMinMs;
      reconnectMaxMs = o.reconnectMaxMs;
      keepAliveS = o.keepAliveS;
      username = o.username;
      password = o.password;
      caFile = o.caFile;
      clientCertFile = o.clientCertFile;
      clientKeyFile = o.clientKeyFile;
    }

    void reconnect(long minMs, long maxMs, int bufferMessages) {
      reconnectMinMs = minMs;
      reconnectMaxMs = maxMs;
      offlineBufferMessages = bufferMessages;
    }

    void credentials(String user, String pass) {
      username = user;
      password = pass;
    }

    void tls(Path ca, Path clientCert, Path clientKey) {
      caFile = ca;
      clientCertFile = clientCert;
      clientKeyFile = clientKey;
    }

    TelemetryOptions build() {
      return new TelemetryOptions(
          brokerUris,
          clientId,
          deviceId,
          root,
          rates,
          commandLimits,
          commandQueueCapacity,
          offlineBufferMessages,
          reconnectMinMs,
          reconnectMaxMs,
          keepAliveS,
          username,
          password,
          caFile,
          clientCertFile,
          clientKeyFile);
    }
  }

  /** The full topic of {@code subtopic}, e.g. {@code reflex/dev1/telemetry/loop}. */
  public String topic(String subtopic) {
    return root + subtopic;
  }
}
