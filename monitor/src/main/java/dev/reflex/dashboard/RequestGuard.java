package dev.reflex.dashboard;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Set;

/**
 * Decides whether an HTTP request may be served: the access token (when one is configured) on every
 * request, page, script, event stream and command alike; the {@code Host} header of a loopback
 * server (against DNS rebinding); and, for commands, a JSON body from the page's own origin
 * (against cross-site requests).
 *
 * <p>The token comes as a cookie set by opening {@code /?token=...} once, or as {@code
 * Authorization: Bearer ...}. Tokens are compared in constant time (SHA-256 digests compared with
 * {@link MessageDigest#isEqual}, so neither content nor length leaks through timing).
 *
 * <p>Threading: immutable; any thread.
 */
public final class RequestGuard {
  /** The cookie carrying the token. */
  public static final String COOKIE = "reflex_dashboard";

  private final byte[] tokenDigest;
  private final Set<String> allowedHosts;

  /**
   * Creates a guard.
   *
   * @param binding the server's binding (its token, if any, is required)
   * @param port the port actually bound (for the allowed {@code Host} values)
   */
  public RequestGuard(HttpBinding binding, int port) {
    byte[] token = binding.token();
    this.tokenDigest = token == null ? null : sha256(token);
    this.allowedHosts =
        binding.loopback()
            ? Set.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port)
            : null;
  }

  /** True when requests must carry the token. */
  public boolean tokenRequired() {
    return tokenDigest != null;
  }

  /**
   * Checks a request's origin and credentials.
   *
   * @param method the HTTP method
   * @param headers the request headers; not modified
   * @param queryToken the {@code token} query parameter (only honoured on the page itself), or null
   * @return null if it may be served, else the HTTP status to refuse it with (400, 401 or 403)
   */
  public Integer check(String method, Headers headers, String queryToken) {
    if (allowedHosts != null) {
      String host = headers.getFirst("Host");
      if (host == null || !allowedHosts.contains(host.toLowerCase(java.util.Locale.ROOT))) {
        return 403;
      }
    }
    if (tokenDigest != null && !matches(presentedToken(headers)) && !matches(queryToken)) {
      return 401;
    }
    if (method.equals("POST")) {
      String type = headers.getFirst("Content-Type");
      if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
        return 400;
      }
      String origin = headers.getFirst("Origin");
      String host = headers.getFirst("Host");
      if (origin != null && !sameOrigin(origin, host)) {
        return 403;
      }
    }
    return null;
  }

  /** True if {@code candidate} (may be null) is the token; constant time. */
  public boolean matches(String candidate) {
    if (tokenDigest == null) {
      return true;
    }
    if (candidate == null || candidate.isEmpty()) {
      return false;
    }
    return MessageDigest.isEqual(tokenDigest, sha256(candidate.getBytes(StandardCharsets.UTF_8)));
  }

  /** The {@code Set-Cookie} value that stores {@code token} in the browser for this server. */
  public static String cookieFor(String token) {
    return COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
  }

  private static String presentedToken(Headers headers) {
    String auth = headers.getFirst("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).strip();
    }
    List<String> cookies = headers.get("Cookie");
    if (cookies != null) {
      for (String line : cookies) {
        for (String part : line.split(";")) {
          String p = part.strip();
          if (p.startsWith(COOKIE + "=")) {
            return p.substring(COOKIE.length() + 1);
          }
        }
      }
    }
    return null;
  }

  private static boolean sameOrigin(String origin, String host) {
    try {
      URI o = URI.create(origin);
      String authority = o.getRawAuthority();
      return host != null && "http".equals(o.getScheme()) && host.equalsIgnoreCase(authority);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
