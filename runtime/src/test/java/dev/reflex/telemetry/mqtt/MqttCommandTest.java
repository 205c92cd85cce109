package dev.reflex.telemetry.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflex.telemetry.Command;
import dev.reflex.telemetry.CommandDecision.Reason;
import dev.reflex.telemetry.CommandLimits;
import dev.reflex.telemetry.CommandQueue;
import dev.reflex.telemetry.CommandResult;
import dev.reflex.telemetry.TelemetryFeed;
import dev.reflex.telemetry.TelemetryPump;
import dev.reflex.testing.MqttTestClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hostile and valid messages on {@code cmd/#} through a real broker. */
class MqttCommandTest {
  static EmbeddedBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedBroker.loopback().start();
  }

  @AfterAll
  static void stopBroker() {
    broker.stop();
  }

  static String valid(String id, long expires, String args) {
    return "{\"id\":\""
        + id
        + "\",\"expires\":"
        + expires
        + (args.isEmpty() ? "" : "," + args)
        + "}";
  }

  @Test
  void shouldRejectHostileCommandsWithAnAckAndQueueOnlyValidOnes() throws Exception {
    String root = "reflex/dev-cmd/";
    CommandQueue queue = new CommandQueue(8);
    TelemetryOptions o =
        TelemetryOptions.of(broker.url(), "dev-cmd")
            .withCommandLimits(
                CommandLimits.defaults()
                    .withSetpoints(Map.of("angle_rad", new CommandLimits.Range(-1, 1))));
    long far = System.currentTimeMillis() + 60_000;
    try (MqttTestClient operator = new MqttTestClient(broker.url(), "operator")) {
      // a retained command waiting on the broker before the device connects
      operator.publish(root + "cmd/enter-safe", valid("r1", far, ""), 1, true);
      try (MqttTelemetry t =
          new MqttTelemetry(
              o,
              MqttTelemetryTest.META,
              TelemetryFeed.forMeta(MqttTelemetryTest.META),
              null,
              queue,
              new TelemetryPump.Identity("test", "cfg"))) {
        operator.subscribe(root + "cmd/+/ack").subscribe(root + "status");
        t.start();
        operator.await(r -> r.body().contains("online"), 10_000, "device online");
        JsonNode ack = operator.await(root + "cmd/enter-safe/ack", 5000).json();
        assertEquals("r1", ack.get("id").textValue());
        assertEquals("retained", ack.get("reason").textValue());
        operator.publish(root + "cmd/enter-safe", "", 1, true); // clear the retained message

        String[][] hostile = {
          {"set-exploration", "this is not json", "not-json"},
          {"set-exploration", "[1,2,3]", "not-json"},
          {
            "set-exploration",
            valid("big", far, "\"pad\":\"" + "x".repeat(20_000) + "\""),
            "too-large"
          },
          {"set-exploration", valid("t1", far, "\"scale\":\"0.5\""), "wrong-type"},
          {"set-exploration", "{\"id\":7,\"expires\":" + far + "}", "wrong-type"},
          {"set-exploration", valid("t2", far, "\"scale\":5.0"), "out-of-range"},
          {"set-exploration", valid("t3", far, "\"scale\":-0.1"), "out-of-range"},
          {"set-exploration", valid("t4", far, ""), "missing-field"},
          {"set-setpoint", valid("s1", far, "\"name\":\"angle_rad\",\"value\":3"), "out-of-range"},
          {"set-setpoint", valid("s2", far, "\"name\":\"speed\",\"value\":0"), "out-of-range"},
          {"rollback", valid("v1", far, "\"version\":1.5"), "wrong-type"},
          {"checkpoint", valid("c1", far, "\"now\":true"), "unknown-field"},
          {"self-destruct", valid("u1", far, ""), "unknown-command"},
          {"pause-learning", valid("e1", System.currentTimeMillis() - 1000, ""), "expired"},
          {"pause-learning", "{\"expires\":" + far + "}", "missing-field"},
        };
        for (String[] h : hostile) {
          operator.publish(root + "cmd/" + h[0], h[1], 1, false);
          JsonNode a = operator.await(root + "cmd/" + h[0] + "/ack", 5000).json();
          assertEquals("rejected", a.get("status").textValue(), h[1]);
          assertEquals(h[2], a.get("reason").textValue(), "reason for " + h[1]);
        }
        // a valid one, then the same id replayed
        operator.publish(
            root + "cmd/set-exploration", valid("ok1", far, "\"scale\":0.25"), 1, false);
        JsonNode accepted = operator.await(root + "cmd/set-exploration/ack", 5000).json();
        assertEquals("accepted", accepted.get("status").textValue());
        operator.publish(
            root + "cmd/set-exploration", valid("ok1", far, "\"scale\":0.25"), 1, false);
        JsonNode replay = operator.await(root + "cmd/set-exploration/ack", 5000).json();
        assertEquals("duplicate-id", replay.get("reason").textValue());

        assertEquals(hostile.length + 2, t.counters().commandsRejected.get());
        assertEquals(1, t.counters().commandsAccepted.get());
        assertEquals(1, t.pump().rejected(Reason.RETAINED));
        assertEquals(1, t.pump().rejected(Reason.TOO_LARGE));

        Command c = queue.poll();
        assertEquals(new Command.SetExploration("ok1", 0.25), c);
        assertNull(queue.poll(), "nothing hostile reached the queue");

        queue.report(c, CommandResult.ok());
        JsonNode done = operator.await(root + "cmd/set-exploration/ack", 5000).json();
        assertEquals("done", done.get("status").textValue());
        assertEquals("ok1", done.get("id").textValue());

        operator.publish(root + "cmd/rollback", valid("rb1", far, "\"version\":3"), 1, false);
        operator.await(r -> r.body().contains("\"accepted\""), 5000, "rollback accepted");
        int applied =
            queue.applyPending(
                cmd -> {
                  Command.Rollback rb = assertInstanceOf(Command.Rollback.class, cmd);
                  return CommandResult.failed("no checkpoint v" + rb.version());
                },
                10);
        assertEquals(1, applied);
        JsonNode failed = operator.await(root + "cmd/rollback/ack", 5000).json();
        assertEquals("failed", failed.get("status").textValue());
        assertEquals("no checkpoint v3", failed.get("detail").textValue());
      }
    }
  }
}
