package dev.reflex.telemetry.mqtt;

import io.moquette.broker.Server;
import io.moquette.broker.config.FluentConfig;
import io.moquette.broker.config.IConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Moquette MQTT 5 broker in this JVM: loopback by default, no disk persistence, no phone-home
 * telemetry, anonymous access, messages up to {@code maxMessageBytes}. Used by {@code run} when no
 * broker is configured and by tests.
 *
 * <p>Threading: start/stop from one thread. Stopping takes about two seconds (Moquette's shutdown).
 */
public final class EmbeddedBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

  /** Default message size limit: 1 MiB (Moquette's own default is ~8 KB). */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;

  private final String host;
  private final int maxMessageBytes;
  private int port;
  private Server server;

  /**
   * Describes a broker; call {@link #start}.
   *
   * @param host address to bind, e.g. 127.0.0.1
   * @param port port, or 0 for a free one (chosen at the first start and kept across restarts)
   * @param maxMessageBytes largest MQTT message accepted
   */
  public EmbeddedBroker(String host, int port, int maxMessageBytes) {
    this.host = host;
    this.port = port;
    this.maxMessageBytes = maxMessageBytes;
  }

  /** A loopback broker on a free port with the default size limit. */
  public static EmbeddedBroker loopback() {
    return new EmbeddedBroker("127.0.0.1", 0, DEFAULT_MAX_MESSAGE_BYTES);
  }

  /** Starts (or restarts) the broker on its port; returns this. */
  public synchronized EmbeddedBroker start() {
    if (server != null) {
      return this;
    }
    if (port == 0) {
      port = freePort(host);
    }
    checkPortFree(host, port);
    IConfig config =
        new FluentConfig().host(host).port(port).disablePersistence().disableTelemetry().build();
    config.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(maxMessageBytes));
    config.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
    config.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME, "disabled");
    Server s = new Server();
    try {
      s.startServer(config);
    } catch (IOException e) {
      throw new UncheckedIOException("embedded MQTT broker failed to start on " + url(), e);
    }
    server = s;
    LOG.info(
        "embedded MQTT broker listening on {} (watch with: monitor --broker {})", url(), url());
    return this;
  }

  /**
   * Fails with one line naming the port and the ways out when something already listens on it
   * (Moquette would log a long stack trace and then fail with {@code Cannot bind to port}).
   */
  private static void checkPortFree(String host, int port) {
    try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new java.net.InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new IllegalStateException(
          "port "
              + port
              + " on "
              + host
              + " is in use (another broker or another 'reflex run'?): stop it, or set"
              + " telemetry.embedded_port to a free port (0 picks one), or give --broker"
              + " tcp://"
              + host
              + ":"
              + port
              + " to publish to the broker that runs there");
    }
  }

  /** Stops the broker; {@link #start} brings it back on the same port. */
  public synchronized void stop() {
    if (server != null) {
      server.stopServer();
      server = null;
    }
  }

  /** True while started. */
  public synchronized boolean running() {
    return server != null;
  }

  /** The bound port (0 before the first start with a free port). */
  public int port() {
    return port;
  }

  /** The URL clients connect to, e.g. {@code tcp://127.0.0.1:41234}. */
  public String url() {
    return "tcp://" + host + ":" + port;
  }

  @Override
  public void close() {
    stop();
  }

  /** A port that was free a moment ago on {@code host}. */
  public static int freePort(String host) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(host, 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + host, e);
    }
  }
}
