package dev.reflex.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Headers;
import org.junit.jupiter.api.Test;

class RequestGuardTest {
  static final String TOKEN = "0123456789abcdef-guard";

  static Headers headers(String... kv) {
    Headers h = new Headers();
    for (int i = 0; i < kv.length; i += 2) {
      h.add(kv[i], kv[i + 1]);
    }
    return h;
  }

  @Test
  void shouldAcceptOnlyLoopbackHostNamesOnALoopbackServer() {
    RequestGuard g = new RequestGuard(HttpBinding.parse(":0", null, null), 8080);
    assertFalse(g.tokenRequired());
    assertNull(g.check("GET", headers("Host", "127.0.0.1:8080"), null));
    assertNull(g.check("GET", headers("Host", "LOCALHOST:8080"), null));
    assertEquals(403, g.check("GET", headers("Host", "rebound.example:8080"), null));
    assertEquals(403, g.check("GET", headers("Host", "127.0.0.1:9999"), null));
    assertEquals(403, g.check("GET", headers(), null));
  }

  @Test
  void shouldRequireTheTokenFromAHeaderACookieOrThePageQuery() {
    RequestGuard g = new RequestGuard(HttpBinding.parse(":0", "0.0.0.0", TOKEN), 8080);
    assertTrue(g.tokenRequired());
    assertEquals(401, g.check("GET", headers("Host", "robot-lab:8080"), null));
    assertNull(g.check("GET", headers("Authorization", "Bearer " + TOKEN), null));
    assertNull(
        g.check("GET", headers("Cookie", "a=b; " + RequestGuard.COOKIE + "=" + TOKEN), null));
    assertNull(g.check("GET", headers(), TOKEN));
    assertEquals(401, g.check("GET", headers("Authorization", "Bearer " + TOKEN + "0"), null));
    assertEquals(401, g.check("GET", headers("Cookie", RequestGuard.COOKIE + "="), ""));
    assertFalse(g.matches(TOKEN.substring(1)));
    assertFalse(g.matches(null));
  }

  @Test
  void shouldRefuseCrossSiteCommandPosts() {
    RequestGuard g = new RequestGuard(HttpBinding.parse(":0", null, null), 8080);
    String host = "127.0.0.1:8080";
    assertNull(g.check("POST", headers("Host", host, "Content-Type", "application/json"), null));
    assertNull(
        g.check(
            "POST",
            headers("Host", host, "Content-Type", "application/json", "Origin", "http://" + host),
            null));
    assertEquals(400, g.check("POST", headers("Host", host, "Content-Type", "text/plain"), null));
    assertEquals(400, g.check("POST", headers("Host", host), null));
    assertEquals(
        403,
        g.check(
            "POST",
            headers(
                "Host", host, "Content-Type", "application/json", "Origin", "http://evil.example"),
            null));
  }
}
