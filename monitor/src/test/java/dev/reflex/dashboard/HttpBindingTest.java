package dev.reflex.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HttpBindingTest {
  static final String TOKEN = "0123456789abcdef";

  @Test
  void shouldBindLoopbackByDefault() {
    for (String spec : new String[] {"8080", ":8080", "127.0.0.1:8080", "localhost:8080"}) {
      HttpBinding b = HttpBinding.parse(spec, null, null);
      assertTrue(b.loopback(), spec);
      assertEquals(8080, b.port());
      assertNull(b.token());
    }
  }

  @Test
  void shouldRequireAnExplicitBindAndATokenOffLoopback() {
    IllegalArgumentException inline =
        assertThrows(
            IllegalArgumentException.class, () -> HttpBinding.parse("0.0.0.0:8080", null, TOKEN));
    assertTrue(inline.getMessage().contains("--http-bind"), inline.getMessage());
    IllegalArgumentException noToken =
        assertThrows(
            IllegalArgumentException.class, () -> HttpBinding.parse(":8080", "0.0.0.0", null));
    assertTrue(noToken.getMessage().contains("--http-token-file"), noToken.getMessage());
    HttpBinding wide = HttpBinding.parse(":8080", "0.0.0.0", TOKEN);
    assertFalse(wide.loopback());
    assertEquals(TOKEN, new String(wide.token(), java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void shouldRefuseBadPortsAndWeakTokens() {
    for (String spec : new String[] {"", "http", ":-1", ":65536", "80a"}) {
      assertThrows(IllegalArgumentException.class, () -> HttpBinding.parse(spec, null, null), spec);
    }
    for (String token : new String[] {"short", "0123456789 abcdef", "0123456789abcdé"}) {
      assertThrows(
          IllegalArgumentException.class, () -> HttpBinding.parse(":0", null, token), token);
    }
  }
}
