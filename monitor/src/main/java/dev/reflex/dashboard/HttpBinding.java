package dev.reflex.dashboard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Where the dashboard listens and the token it asks for. Loopback (127.0.0.1) unless another
 * address is given explicitly; any other address requires a token.
 *
 * @param address the address to bind
 * @param port the TCP port (0 picks a free one)
 * @param token the access token as UTF-8, or null for none (loopback only)
 */
public record HttpBinding(InetAddress address, int port, byte[] token) {
  /** Shortest token accepted. */
  public static final int MIN_TOKEN_CHARS = 16;

  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]+");

  /** Checks the port range and that a non-loopback address has a token. */
  public HttpBinding {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--http port " + port + " not in [0, 65535]");
    }
    if (!address.isLoopbackAddress() && token == null) {
      throw new IllegalArgumentException(
          "--http-bind "
              + address.getHostAddress()
              + " is not loopback: it needs --http-token-file FILE (or --http-token TOKEN)");
    }
    token = token == null ? null : token.clone();
  }

  /**
   * Parses the command line's options.
   *
   * @param http {@code PORT}, {@code :PORT} or {@code HOST:PORT} with a loopback HOST
   * @param bind the address to bind instead of 127.0.0.1, or null
   * @param token the access token, or null
   * @throws IllegalArgumentException naming the option and value when something is wrong
   */
  public static HttpBinding parse(String http, String bind, String token) {
    String spec = http.strip();
    int colon = spec.lastIndexOf(':');
    String host = colon < 0 ? "" : spec.substring(0, colon);
    String portText = colon < 0 ? spec : spec.substring(colon + 1);
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--http " + http + ": expected PORT or :PORT (e.g. --http :8080)");
    }
    InetAddress address;
    try {
      address = InetAddress.getByName("127.0.0.1");
      if (!host.isEmpty()) {
        InetAddress given = InetAddress.getByName(host.replace("[", "").replace("]", ""));
        if (!given.isLoopbackAddress()) {
          throw new IllegalArgumentException(
              "--http "
                  + http
                  + ": to listen on a non-loopback address use --http-bind "
                  + host
                  + " with --http-token-file FILE");
        }
        address = given;
      }
      if (bind != null) {
        address = InetAddress.getByName(bind.strip());
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--http-bind " + bind + ": unknown address");
    }
    byte[] tokenBytes = null;
    if (token != null) {
      String t = token.strip();
      if (t.length() < MIN_TOKEN_CHARS || !TOKEN.matcher(t).matches()) {
        throw new IllegalArgumentException(
            "--http-token must be at least "
                + MIN_TOKEN_CHARS
                + " printable characters without spaces (e.g. openssl rand -hex 16)");
      }
      tokenBytes = t.getBytes(StandardCharsets.UTF_8);
    }
    return new HttpBinding(address, port, tokenBytes);
  }

  /** True when only this machine can connect. */
  public boolean loopback() {
    return address.isLoopbackAddress();
  }

  /** The token as UTF-8 (a copy), or null. */
  @Override
  public byte[] token() {
    return token == null ? null : token.clone();
  }
}
