package dev.reflex.telemetry.mqtt;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Checks a broker address before Paho sees it, so that a typo gets one line naming the address and
 * the fix instead of Paho's {@code Can't parse string to URI}.
 */
public final class BrokerUri {
  private BrokerUri() {}

  /**
   * Returns {@code uri} if it is {@code tcp://host:port} or {@code ssl://host:port} (port
   * optional).
   *
   * @param uri the address as given; not modified
   * @param what where it came from, e.g. {@code --broker}, for the message
   * @return {@code uri}
   * @throws IllegalArgumentException naming the address and what to write instead
   */
  public static String check(String uri, String what) {
    String u = uri == null ? "" : uri.strip();
    if (!u.contains("://")) {
      throw new IllegalArgumentException(
          what
              + " '"
              + uri
              + "' has no scheme: write tcp://"
              + u
              + " (or ssl://"
              + u
              + " for TLS)");
    }
    if (!(u.startsWith("tcp://") || u.startsWith("ssl://"))) {
      throw new IllegalArgumentException(
          what + " '" + uri + "' must start with tcp:// or ssl:// (e.g. tcp://127.0.0.1:1883)");
    }
    try {
      URI parsed = new URI(u);
      if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
        throw new URISyntaxException(u, "no host");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          what + " '" + uri + "' is not host:port after the scheme (e.g. tcp://127.0.0.1:1883)");
    }
    return uri;
  }
}
