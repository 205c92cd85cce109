package dev.reflex.telemetry.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflex.telemetry.Command;
import dev.reflex.telemetry.CommandLimits;
import dev.reflex.telemetry.CommandQueue;
import dev.reflex.telemetry.TelemetryFeed;
import dev.reflex.telemetry.TelemetryPump;
import dev.reflex.testing.MqttTestClient;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hostile command cases of issue 20 through a real broker, each with its documented outcome
 * (docs/telemetry.md, "Hostile input"): malformed bodies are rejected as not-json, a flood of 5,000
 * is answered or counted message by message, an id stays refused until its expiry whatever came
 * between, and only the legitimate enter-safe reaches the applier.
 */
class HostileCommandsTest {
  static EmbeddedBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedBroker.loopback().start();
  }

  @AfterAll
  static void stopBroker() {
    broker.stop();
  }

  private static MqttTelemetry device(String name, CommandQueue queue) {
    return new MqttTelemetry(
        TelemetryOptions.of(broker.url(), name).withCommandLimits(CommandLimits.defaults()),
        MqttTelemetryTest.META,
        TelemetryFeed.forMeta(MqttTelemetryTest.META),
        null,
        queue,
        new TelemetryPump.Identity("test", "cfg"));
  }

  private static void publish(MqttTestClient c, String topic, byte[] body) throws Exception {
    c.client.publish(topic, body, 1, false).waitForCompletion(10_000);
  }

  @Test
  void shouldRejectEveryMalformedBodyAsNotJsonAndApplyNone() throws Exception {
    String root = "reflex/hostile-json/";
    CommandQueue queue = new CommandQueue(64);
    long far = System.currentTimeMillis() + 60_000;
    String ok = MqttCommandTest.valid("j1", far, "");
    Map<String, byte[]> cases = new java.util.LinkedHashMap<>();
    cases.put("trailing garbage", (ok + " trailing").getBytes(StandardCharsets.UTF_8));
    cases.put("trailing brace", (ok + "}").getBytes(StandardCharsets.UTF_8));
    cases.put(
        "two objects",
        (ok + MqttCommandTest.valid("j2", far, "")).getBytes(StandardCharsets.UTF_8));
    cases.put("utf-16", MqttCommandTest.valid("j3", far, "").getBytes(StandardCharsets.UTF_16));
    cases.put("utf-16le", MqttCommandTest.valid("j4", far, "").getBytes(StandardCharsets.UTF_16LE));
    cases.put(
        "utf-8 bom",
        ("\uFEFF" + MqttCommandTest.valid("j5", far, "")).getBytes(StandardCharsets.UTF_8));
    byte[] badUtf8 = MqttCommandTest.valid("j6", far, "").getBytes(StandardCharsets.UTF_8);
    badUtf8[8] = (byte) 0xC3; // a lead byte without its continuation, inside the id
    cases.put("invalid utf-8", badUtf8);
    cases.put("nul", (ok + "\u0000").getBytes(StandardCharsets.UTF_8));
    try (MqttTestClient operator = new MqttTestClient(broker.url(), "hostile-json-op");
        MqttTelemetry t = device("hostile-json", queue)) {
      operator.subscribe(root + "cmd/+/ack").subscribe(root + "status");
      t.start();
      operator.await(r -> r.body().contains("online"), 10_000, "device online");
      for (Map.Entry<String, byte[]> c : cases.entrySet()) {
        publish(operator, root + "cmd/enter-safe", c.getValue());
        JsonNode a = operator.await(root + "cmd/enter-safe/ack", 5000).json();
        assertEquals("rejected", a.get("status").textValue(), c.getKey());
        assertEquals("not-json", a.get("reason").textValue(), c.getKey());
      }
      assertNull(queue.poll(), "none reached the applier");
      assertEquals(cases.size(), t.counters().commandsRejected.get());
    }
  }

  /**
   * The extra safe-state change: on the code the probe ran, an {@code enter-safe} or {@code
   * leave-safe} arriving with trailing garbage, as two objects, in UTF-16, retained while live, or
   * replayed with the pair's own ids reached the applier. Around one legitimate pair, each copy is
   * sent where applying it would change the state; exactly the pair reaches the applier.
   */
  @Test
  void shouldApplyExactlyTheLegitimateEnterLeavePairAmongCopiesOfIt() throws Exception {
    String root = "reflex/hostile-pair/";
    CommandQueue queue = new CommandQueue(64);
    long far = System.currentTimeMillis() + 60_000;
    String enter = MqttCommandTest.valid("p-enter", far, "");
    String leave = MqttCommandTest.valid("p-leave", far, "");
    try (MqttTestClient operator = new MqttTestClient(broker.url(), "hostile-pair-op");
        MqttTelemetry t = device("hostile-pair", queue)) {
      operator.subscribe(root + "cmd/+/ack").subscribe(root + "status");
      t.start();
      operator.await(r -> r.body().contains("online"), 10_000, "device online");
      java.util.List<Command> applied = new java.util.ArrayList<>();
      int rejected = 0;
      publish(operator, root + "cmd/enter-safe", enter.getBytes(StandardCharsets.UTF_8));
      operator.await(r -> r.body().contains("\"p-enter\""), 5000, "enter accepted");
      drain(queue, applied);
      for (String[] copy : copies("leave-safe", far, new String[] {"enter-safe", enter})) {
        rejected += sendCopy(operator, root, copy);
      }
      publish(operator, root + "cmd/leave-safe", leave.getBytes(StandardCharsets.UTF_8));
      operator.await(r -> r.body().contains("\"p-leave\""), 5000, "leave accepted");
      drain(queue, applied);
      for (String[] copy :
          copies(
              "enter-safe",
              far,
              new String[] {"enter-safe", enter},
              new String[] {"leave-safe", leave})) {
        rejected += sendCopy(operator, root, copy);
      }
      drain(queue, applied);
      assertEquals(
          java.util.List.of(new Command.EnterSafe("p-enter"), new Command.LeaveSafe("p-leave")),
          applied,
          "exactly the legitimate pair reached the applier");
      assertEquals(rejected, t.counters().commandsRejected.get());
      assertEquals(2, t.counters().commandsAccepted.get());
    }
  }

  /**
   * {command, body (ISO-8859-1 bytes as chars), retained, expected reason} of each copy of {@code
   * command}: malformed, retained, and the given earlier bodies replayed (to their own topics).
   */
  private static java.util.List<String[]> copies(String command, long far, String[]... replays) {
    String fresh = MqttCommandTest.valid("copy-" + command, far, "");
    String utf16 = new String(fresh.getBytes(StandardCharsets.UTF_16), StandardCharsets.ISO_8859_1);
    java.util.List<String[]> out = new java.util.ArrayList<>();
    out.add(new String[] {command, fresh + " x", "false", "not-json"});
    out.add(new String[] {command, fresh + fresh, "false", "not-json"});
    out.add(new String[] {command, utf16, "false", "not-json"});
    out.add(new String[] {command, fresh, "true", "retained"});
    for (String[] r : replays) {
      out.add(new String[] {r[0], r[1], "false", "duplicate-id"});
    }
    return out;
  }

  private static int sendCopy(MqttTestClient operator, String root, String[] copy)
      throws Exception {
    String topic = root + "cmd/" + copy[0];
    byte[] body = copy[1].getBytes(StandardCharsets.ISO_8859_1);
    boolean retained = Boolean.parseBoolean(copy[2]);
    operator.client.publish(topic, body, 1, retained).waitForCompletion(10_000);
    if (retained) {
      operator.client.publish(topic, new byte[0], 1, true).waitForCompletion(10_000);
    }
    JsonNode a = operator.await(topic + "/ack", 5000).json();
    assertEquals("rejected", a.get("status").textValue(), copy[0] + " " + copy[1]);
    assertEquals(copy[3], a.get("reason").textValue(), copy[0] + " " + copy[1]);
    return 1;
  }

  private static void drain(CommandQueue queue, java.util.List<Command> applied) {
    Command c;
    while ((c = queue.poll()) != null) {
      applied.add(c);
    }
  }

  @Test
  void shouldAnswerOrCountEachOfAFloodOfFiveThousandAndRefuseAReplayAfterIt() throws Exception {
    String root = "reflex/hostile-flood/";
    CommandQueue queue = new CommandQueue(8);
    long far = System.currentTimeMillis() + 600_000;
    try (MqttTestClient operator = new MqttTestClient(broker.url(), "hostile-flood-op");
        MqttTestClient attacker = new MqttTestClient(broker.url(), "hostile-flood-atk");
        MqttTelemetry t = device("hostile-flood", queue)) {
      operator.subscribe(root + "cmd/+/ack").subscribe(root + "status").subscribe(root + "event");
      t.start();
      operator.await(r -> r.body().contains("online"), 10_000, "device online");
      // The legitimate enter-safe, accepted and applied before the flood.
      publish(
          operator,
          root + "cmd/enter-safe",
          MqttCommandTest.valid("safe-1", far, "").getBytes(StandardCharsets.UTF_8));
      operator.await(r -> r.body().contains("\"safe-1\""), 5000, "safe-1 accepted");
      assertEquals(new Command.EnterSafe("safe-1"), queue.poll());

      int n = 5_000;
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        String body = MqttCommandTest.valid("f" + i, far, "");
        attacker.client.publish(root + "cmd/checkpoint", body.getBytes(), 1, false);
        if (i % 16 == 15) {
          attacker
              .client
              .publish(root + "cmd/checkpoint", new byte[] {'x'}, 1, false)
              .waitForCompletion(10_000); // keeps the attacker's in-flight window open
        }
      }
      double floodS = (System.nanoTime() - start) / 1e9;
      int garbage = n / 16;
      Map<String, String> answer = new HashMap<>();
      long deadline = System.currentTimeMillis() + 30_000;
      int notJson = 0;
      while (System.currentTimeMillis() < deadline
          && answer.size() + notJson + t.pump().commandDrops() < n + garbage) {
        MqttTestClient.Received r =
            operator.received.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (r == null || !r.topic().endsWith("cmd/checkpoint/ack")) {
          continue;
        }
        JsonNode a = r.json();
        String id = a.get("id").textValue();
        if (id.isEmpty()) {
          notJson++;
        } else {
          String was = answer.put(id, a.get("status").textValue() + ":" + a.get("reason"));
          assertNull(was, "one answer per id: " + id);
        }
      }
      long dropped = t.pump().commandDrops();
      assertEquals(
          n + garbage,
          answer.size() + notJson + dropped,
          "answered " + answer.size() + " + not-json " + notJson + " + dropped " + dropped);
      Map<String, Integer> byAnswer = new java.util.TreeMap<>();
      answer.values().forEach(v -> byAnswer.merge(v, 1, Integer::sum));
      System.out.printf(
          "flood of %d in %.2f s: %s, not-json %d, dropped %d%n",
          n, floodS, byAnswer, notJson, dropped);
      for (String v : answer.values()) {
        assertTrue(
            v.equals("accepted:\"\"")
                || v.equals("rejected:\"queue-full\"")
                || v.equals("rejected:\"rate-limited\""),
            v);
      }
      // After the flood, the id accepted before it is still refused (its expiry lies ahead).
      publish(
          operator,
          root + "cmd/enter-safe",
          MqttCommandTest.valid("safe-1", far, "").getBytes(StandardCharsets.UTF_8));
      JsonNode replay =
          operator
              .await(
                  r -> r.topic().endsWith("enter-safe/ack") && r.body().contains("safe-1"),
                  10_000,
                  "the replay's ack")
              .json();
      assertEquals("duplicate-id", replay.get("reason").textValue());
      Command c;
      while ((c = queue.poll()) != null) {
        assertTrue(c instanceof Command.Checkpoint, "only flood checkpoints queued: " + c);
      }
    }
  }
}
