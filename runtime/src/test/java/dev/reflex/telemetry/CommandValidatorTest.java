package dev.reflex.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.reflex.telemetry.CommandDecision.Accepted;
import dev.reflex.telemetry.CommandDecision.Reason;
import dev.reflex.telemetry.CommandDecision.Rejected;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandValidatorTest {
  static final long NOW = 1_700_000_000_000L;
  CommandValidator validator = validator(100);

  static CommandValidator validator(int recentIds) {
    return new CommandValidator(
        new CommandLimits(
            4096, 0.5, Map.of("speed_m_s", new CommandLimits.Range(0, 2)), recentIds, 60_000));
  }

  CommandDecision v(String name, String body) {
    return validator.validate(name, body.getBytes(StandardCharsets.UTF_8), false, NOW);
  }

  Reason rejected(String name, String body) {
    return assertInstanceOf(Rejected.class, v(name, body)).reason();
  }

  @Test
  void shouldAcceptEachCommandWithValidArguments() {
    String e = ",\"expires\":" + (NOW + 1000);
    assertEquals(
        new Command.PauseLearning("a"), accepted("pause-learning", "{\"id\":\"a\"" + e + "}"));
    assertEquals(
        new Command.SetExploration("b", 0.5),
        accepted("set-exploration", "{\"id\":\"b\"" + e + ",\"scale\":0.5}"));
    assertEquals(
        new Command.Rollback("c", 12),
        accepted("rollback", "{\"id\":\"c\"" + e + ",\"version\":12}"));
    assertEquals(
        new Command.SetSetpoint("d", "speed_m_s", 1.5),
        accepted("set-setpoint", "{\"id\":\"d\"" + e + ",\"name\":\"speed_m_s\",\"value\":1.5}"));
  }

  Command accepted(String name, String body) {
    return assertInstanceOf(Accepted.class, v(name, body)).command();
  }

  @Test
  void shouldRejectAtTheCapAndBeyond() {
    String e = ",\"expires\":" + (NOW + 1000);
    assertEquals(
        Reason.OUT_OF_RANGE, rejected("set-exploration", "{\"id\":\"x\"" + e + ",\"scale\":0.51}"));
    assertEquals(
        Reason.OUT_OF_RANGE,
        rejected(
            "set-exploration", "{\"id\":\"y\",\"expires\":" + (NOW + 61_000) + ",\"scale\":0.1}"));
    assertEquals(Reason.NOT_JSON, rejected("checkpoint", "{\"id\":\"z\",\"id\":\"z2\"" + e + "}"));
  }

  @Test
  void shouldRememberIdsUntilTheirExpiryAndRefuseNewOnesWhileTheTableIsFull() {
    validator = validator(3);
    String e = ",\"expires\":" + (NOW + 1000) + "}";
    for (String id : new String[] {"1", "2", "3"}) {
      assertInstanceOf(Accepted.class, v("checkpoint", "{\"id\":\"" + id + "\"" + e));
    }
    assertEquals(Reason.DUPLICATE_ID, rejected("checkpoint", "{\"id\":\"1\"" + e));
    assertEquals(Reason.RATE_LIMITED, rejected("checkpoint", "{\"id\":\"4\"" + e));
    assertEquals(3, validator.rememberedIds());
    // Past their expiry the three are forgotten (a replay of one is refused as expired).
    long later = NOW + 1001;
    byte[] old = ("{\"id\":\"1\"" + e).getBytes(StandardCharsets.UTF_8);
    assertEquals(
        Reason.EXPIRED,
        assertInstanceOf(Rejected.class, validator.validate("checkpoint", old, false, later))
            .reason());
    byte[] fresh =
        ("{\"id\":\"4\",\"expires\":" + (later + 1000) + "}").getBytes(StandardCharsets.UTF_8);
    assertInstanceOf(Accepted.class, validator.validate("checkpoint", fresh, false, later));
    assertEquals(1, validator.rememberedIds());
  }

  @Test
  void shouldRejectRetainedEvenWhenValid() {
    byte[] body =
        ("{\"id\":\"r\",\"expires\":" + (NOW + 1000) + "}").getBytes(StandardCharsets.UTF_8);
    assertEquals(
        Reason.RETAINED,
        assertInstanceOf(Rejected.class, validator.validate("checkpoint", body, true, NOW))
            .reason());
  }
}
