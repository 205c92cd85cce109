package dev.reflex.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflex.telemetry.CommandDecision;
import dev.reflex.telemetry.CommandLimits;
import dev.reflex.telemetry.CommandValidator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandGateTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final long NOW_MS = 1_732_240_000_000L;

  record Sent(String device, String name, String body) {}

  final List<Sent> sent = new ArrayList<>();

  CommandGate gate(int brokerCode) {
    return new CommandGate(
        CommandLimits.defaults(),
        30_000,
        (d, n, b) -> {
          sent.add(new Sent(d, n, new String(b, StandardCharsets.UTF_8)));
          return brokerCode;
        },
        () -> NOW_MS);
  }

  static byte[] req(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldPublishABodyWithAFreshIdAndExpiryThatTheDeviceAccepts() throws Exception {
    CommandGate gate = gate(0);
    CommandGate.Reply a =
        gate.submit(
            req("{\"device\":\"pi-1\",\"command\":\"set-exploration\",\"args\":{\"scale\":0.1}}"));
    CommandGate.Reply b = gate.submit(req("{\"device\":\"pi-1\",\"command\":\"checkpoint\"}"));
    assertEquals(202, a.httpStatus());
    assertEquals(202, b.httpStatus());
    assertEquals(2, sent.size());
    JsonNode body = JSON.readTree(sent.get(0).body());
    assertEquals(a.body().get("id").textValue(), body.get("id").textValue());
    assertNotEquals(a.body().get("id"), b.body().get("id"));
    assertEquals(NOW_MS + 30_000, body.get("expires").longValue());
    assertEquals(0.1, body.get("scale").doubleValue());
    assertEquals("set-exploration", sent.get(0).name());
    assertEquals("pi-1", sent.get(0).device());
    // the device's own validator takes it as is
    CommandDecision d =
        new CommandValidator(CommandLimits.defaults())
            .validate("set-exploration", req(sent.get(0).body()), false, NOW_MS + 10);
    assertTrue(d instanceof CommandDecision.Accepted, d.toString());
    assertEquals("set-exploration", gate.commandOf(body.get("id").textValue()));
    assertNull(gate.commandOf("someone-else"));
  }

  @Test
  void shouldRefuseOutOfRangeAndUnknownRequestsWithoutPublishing() {
    CommandGate gate = gate(0);
    String[][] cases = {
      {
        "{\"device\":\"pi-1\",\"command\":\"set-exploration\",\"args\":{\"scale\":1.5}}",
        "out-of-range"
      },
      {
        "{\"device\":\"pi-1\",\"command\":\"set-exploration\",\"args\":{\"scale\":null}}",
        "wrong-type"
      },
      {"{\"device\":\"pi-1\",\"command\":\"rollback\",\"args\":{\"version\":2.5}}", "wrong-type"},
      {"{\"device\":\"pi-1\",\"command\":\"rollback\",\"args\":{\"expires\":1}}", "unknown-field"},
      {"{\"device\":\"pi-1\",\"command\":\"rollback\",\"args\":[1]}", "wrong-type"},
      {"{\"device\":\"pi-1\",\"command\":\"reboot\"}", "unknown-command"},
      {"{\"device\":\"pi-1\",\"command\":\"pause-learning\",\"command\":\"reboot\"}", "not-json"},
      {"{\"device\":\"#\",\"command\":\"checkpoint\"}", "bad-device"},
      {"{\"device\":\"\",\"command\":\"checkpoint\"}", "bad-device"},
      {"{\"command\":\"checkpoint\"}", "bad-device"},
      {"[]", "not-json"},
      {
        "{\"device\":\"pi-1\",\"command\":\"checkpoint\",\"pad\":\"" + "x".repeat(5000) + "\"}",
        "too-large"
      },
    };
    for (String[] c : cases) {
      CommandGate.Reply r = gate.submit(req(c[0]));
      assertEquals(400, r.httpStatus(), c[0]);
      assertEquals(c[1], r.body().get("error").textValue(), c[0]);
    }
    assertEquals(List.of(), sent);
  }

  @Test
  void shouldReportABrokerRefusalAndAnUnreachableBroker() {
    CommandGate.Reply refused =
        gate(0x87).submit(req("{\"device\":\"pi-1\",\"command\":\"checkpoint\"}"));
    assertEquals(502, refused.httpStatus());
    assertTrue(refused.body().get("detail").textValue().contains("0x87"));
    CommandGate down =
        new CommandGate(
            CommandLimits.defaults(),
            30_000,
            (d, n, b) -> {
              throw new IllegalStateException("not connected");
            },
            () -> NOW_MS);
    CommandGate.Reply r = down.submit(req("{\"device\":\"pi-1\",\"command\":\"checkpoint\"}"));
    assertEquals(503, r.httpStatus());
    assertEquals("broker-unreachable", r.body().get("error").textValue());
  }
}
