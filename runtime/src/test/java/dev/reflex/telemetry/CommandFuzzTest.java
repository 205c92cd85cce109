package dev.reflex.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.telemetry.CommandDecision.Accepted;
import dev.reflex.telemetry.CommandDecision.Rejected;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Fixed-seed fuzz of command bodies (issue 20): 20,000 mutations of valid commands; every one is
 * decided (accepted or rejected with a reason), none throws, an accepted body is always strict
 * UTF-8 JSON, and no id is accepted again before its first acceptance expired.
 */
class CommandFuzzTest {
  static final long NOW = 1_700_000_000_000L;

  @Test
  void shouldDecideEveryFuzzedBodyAndNeverAcceptAnIdTwiceBeforeItExpires() {
    CommandValidator v =
        new CommandValidator(
            new CommandLimits(
                4096, 1.0, Map.of("angle_rad", new CommandLimits.Range(-1, 1)), 200_000, 600_000));
    SplittableRandom rng = new SplittableRandom(20);
    String[] names = {
      "pause-learning",
      "resume-learning",
      "checkpoint",
      "enter-safe",
      "leave-safe",
      "set-exploration",
      "rollback",
      "set-setpoint",
      "self-destruct"
    };
    String[] args = {
      "", ",\"scale\":0.5", ",\"version\":3", ",\"name\":\"angle_rad\",\"value\":0.2", ",\"x\":1"
    };
    Map<String, Long> acceptedUntil = new java.util.HashMap<>();
    int accepted = 0;
    int rejected = 0;
    long nowMs = NOW;
    for (int i = 0; i < 20_000; i++) {
      nowMs += 25; // 40 a second: under the rate limit
      String id = "f" + rng.nextInt(5_000); // repeats: replays
      String body =
          "{\"id\":\""
              + id
              + "\",\"expires\":"
              + (nowMs + 60_000)
              + args[rng.nextInt(args.length)]
              + "}";
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      int mutations = rng.nextInt(3);
      for (int k = 0; k < mutations && b.length > 0; k++) {
        int at = rng.nextInt(b.length);
        switch (rng.nextInt(4)) {
          case 0 -> b[at] = (byte) rng.nextInt(256);
          case 1 ->
              b =
                  (new String(b, StandardCharsets.ISO_8859_1) + "}")
                      .getBytes(StandardCharsets.ISO_8859_1);
          case 2 -> b = java.util.Arrays.copyOf(b, at);
          default -> b = (body + body).getBytes(StandardCharsets.UTF_8);
        }
      }
      CommandDecision d = v.validate(names[rng.nextInt(names.length)], b, false, nowMs);
      if (d instanceof Accepted a) {
        accepted++;
        Long until = acceptedUntil.get(a.command().id());
        assertTrue(
            until == null || until < nowMs,
            "id accepted again before the first one expired: " + a.command().id());
        acceptedUntil.put(a.command().id(), nowMs + 60_000);
        assertTrue(strictUtf8(b), "accepted a body that is not UTF-8");
      } else {
        Rejected r = (Rejected) d;
        assertTrue(r.reason() != null && !r.detail().isEmpty());
        rejected++;
      }
    }
    System.out.printf(
        "command fuzz (seed 20): tried 20000, accepted %d, rejected %d%n", accepted, rejected);
    assertEquals(20_000, accepted + rejected);
    assertTrue(accepted > 1000 && rejected > 1000);
  }

  private static boolean strictUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
