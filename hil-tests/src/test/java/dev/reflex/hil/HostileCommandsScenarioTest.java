package dev.reflex.hil;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 8: hostile commands over a real Mosquitto with passwords and an ACL. Malformed, expired,
 * out-of-range, unknown, retained and replayed commands are rejected and acknowledged; a command
 * from a user without write permission is refused by the broker and never acknowledged; nothing
 * changes: the device never enters the safe state (emulator record) and counts every rejection.
 */
@Tag("hil")
class HostileCommandsScenarioTest {
  static final String SCENARIO = "hostile-commands";
  static final String DEVICE = "hil-hostile";

  @Test
  void shouldRejectAndAcknowledgeHostileCommandsAndChangeNothing() throws Exception {
    try (HilRig rig =
        HilRig.open(
            SCENARIO,
            "malformed, unauthorised (ACL), replayed, expired, out-of-range, unknown and retained"
                + " commands: rejected, acknowledged, nothing changes")) {
      HilAssumptions.requireRunCommand(rig.layout(), SCENARIO);
      HilAssumptions.requirePendulumActor(rig.layout(), SCENARIO);
      HilAssumptions.requireMosquitto(rig.layout(), SCENARIO);
      ScenarioReport r = rig.report();
      Map<String, String> users = new LinkedHashMap<>();
      users.put("device", "device-pw");
      users.put("dashboard", "dashboard-pw");
      users.put("operator", "operator-pw");
      MosquittoRigBroker broker =
          rig.useBroker(MosquittoRigBroker.secured(rig.work().resolve("broker"), users, acl()));
      broker.start();
      TelemetryObserver dashboard =
          rig.useObserver(
              new TelemetryObserver(
                  broker.url(),
                  "hil-dashboard",
                  "reflex/" + DEVICE + "/#",
                  "dashboard",
                  "dashboard-pw"));
      TelemetryObserver operator =
          new TelemetryObserver(
              broker.url(),
              "hil-operator",
              "reflex/" + DEVICE + "/cmd/+/ack",
              "operator",
              "operator-pw");
      Path password = rig.work().resolve("device.pw");
      Files.writeString(password, "device-pw\n");
      HilConfig config = rig.pendulumConfig(DEVICE).credentials("device", password);
      Path configFile = config.write(rig.work().resolve("pendulum-hil.yaml"));
      double safe = config.get("action").get(0).path("safe").asDouble(0.0);
      RigProcess plant =
          rig.startEmulator(rig.emulator().seed(9).actuatorTimeout("5s").duration("120s"));
      RigProcess controller =
          rig.startController(
              "runtime",
              new ControllerSpec(configFile)
                  .duration("16s")
                  .seed(9)
                  .report(rig.dir().resolve("runtime-report.json")));
      dashboard.await(
          m -> m.on("status") && m.text("state").equals("online"), 0, 30_000, "device online");
      dashboard.await(m -> m.on("telemetry/loop"), 0, 10_000, "first loop report");
      rig.sleepMs(2000);
      rig.event("commands");

      String root = "reflex/" + DEVICE + "/cmd/";
      long now = System.currentTimeMillis();
      long far = now + 60_000;
      record Hostile(String what, String command, String body, boolean retained, String reason) {}
      List<Hostile> hostile =
          List.of(
              new Hostile(
                  "malformed JSON",
                  "enter-safe",
                  "{\"id\":\"h-bad\",\"expires\":",
                  false,
                  "not-json"),
              new Hostile(
                  "expired",
                  "enter-safe",
                  "{\"id\":\"h-exp\",\"expires\":" + (now - 5000) + "}",
                  false,
                  "expired"),
              new Hostile(
                  "expires too far ahead",
                  "enter-safe",
                  "{\"id\":\"h-far\",\"expires\":" + (now + 7_200_000) + "}",
                  false,
                  "out-of-range"),
              new Hostile(
                  "unknown field",
                  "enter-safe",
                  "{\"id\":\"h-unk\",\"expires\":" + far + ",\"force\":true}",
                  false,
                  "unknown-field"),
              new Hostile(
                  "wrong type",
                  "set-exploration",
                  "{\"id\":\"h-type\",\"expires\":" + far + ",\"scale\":\"0.1\"}",
                  false,
                  "wrong-type"),
              new Hostile(
                  "out of range",
                  "set-exploration",
                  "{\"id\":\"h-range\",\"expires\":" + far + ",\"scale\":5}",
                  false,
                  "out-of-range"),
              new Hostile(
                  "unknown command",
                  "self-destruct",
                  "{\"id\":\"h-cmd\",\"expires\":" + far + "}",
                  false,
                  "unknown-command"),
              new Hostile(
                  "retained",
                  "enter-safe",
                  "{\"id\":\"h-ret\",\"expires\":" + far + "}",
                  true,
                  "retained"),
              new Hostile(
                  "missing id", "enter-safe", "{\"expires\":" + far + "}", false, "missing-field"));
      // the original of the replay: valid and harmless (learning is off)
      String original = "{\"id\":\"h-replay\",\"expires\":" + far + ",\"scale\":0.1}";
      r.atMost(
          "operator's valid command published",
          operator.publish(root + "set-exploration", original, 1, false),
          0x7f);
      operator.await(
          m ->
              m.on("set-exploration/ack")
                  && m.text("id").equals("h-replay")
                  && m.text("status").equals("accepted"),
          0,
          10_000,
          "the original accepted");
      int before = operator.size();
      operator.publish(root + "set-exploration", original, 1, false);
      Observed replay =
          operator.await(
              m -> m.on("set-exploration/ack") && m.text("status").equals("rejected"),
              before,
              10_000,
              "the replay rejected");
      r.check(
          "replayed command rejected as duplicate-id",
          replay.text("reason").equals("duplicate-id"),
          replay.body());
      for (Hostile h : hostile) {
        int from = operator.size();
        int code =
            operator.publish(
                root + h.command(), h.body().getBytes(StandardCharsets.UTF_8), 1, h.retained());
        if (h.retained()) {
          operator.publish(root + h.command(), new byte[0], 1, true); // delete it again
        }
        Observed ack;
        try {
          ack =
              operator.await(
                  m -> m.on(h.command() + "/ack") && m.text("status").equals("rejected"),
                  from,
                  10_000,
                  "rejection of " + h.what());
        } catch (AssertionError e) {
          r.check(h.what() + ": rejected with an ack", false, "no ack; broker reason code " + code);
          continue;
        }
        r.check(
            h.what() + ": rejected as " + h.reason(),
            ack.text("reason").equals(h.reason()),
            ack.body());
      }
      TelemetryObserver intruder =
          new TelemetryObserver(broker.url(), "hil-intruder", null, "dashboard", "dashboard-pw");
      int refused =
          intruder.publish(
              root + "enter-safe", "{\"id\":\"h-acl\",\"expires\":" + far + "}", 1, false);
      intruder.close();
      r.check(
          "dashboard user's command refused by the broker (PUBACK 0x87)",
          refused == 0x87,
          "reason code 0x" + Integer.toHexString(refused));
      rig.sleepMs(1500);
      r.check(
          "no ack for the unauthorised command (it never reached the device)",
          operator.messages().stream().noneMatch(m -> m.body().contains("h-acl")),
          "acks: " + operator.on("enter-safe/ack").size());
      rig.event("commands done");
      int exit = controller.awaitExit(Duration.ofSeconds(60));
      r.check("controller exits 0", exit == 0, "exit " + exit);
      rig.sleepMs(500);
      plant.sigterm();
      plant.awaitExit(Duration.ofSeconds(15));
      operator.close();

      List<Observed> loop = dashboard.on("telemetry/loop");
      Observed last = loop.getLast();
      r.figure("cmd_rejected", last.number("cmd_rejected"));
      r.figure("cmd_accepted", last.number("cmd_accepted"));
      r.atLeast(
          "device counted every rejection (cmd_rejected)",
          last.number("cmd_rejected"),
          hostile.size() + 1);
      r.atMost(
          "device accepted only the original of the replay (cmd_accepted)",
          last.number("cmd_accepted"),
          1);
      // A loaded machine can stall a process past the 30 ms stale timeout: the safety layer then
      // applies the safe torque for ~10 ticks and says so (fault + safe-state events naming the
      // fault). Those are the safety layer working; what must never appear is a safe state that
      // no fault explains, i.e. one a command caused.
      List<Observed> events = dashboard.on("event");
      List<Observed> faults = events.stream().filter(m -> m.text("kind").equals("fault")).toList();
      r.figure("fault_events", faults.stream().map(Observed::body).toList());
      r.check(
          "no safe-state event without a fault (observer)",
          events.stream()
              .filter(m -> m.text("kind").equals("safe-state"))
              .allMatch(m -> m.text("message").matches(".*(STALE|STALL|MISSES|FAILED|NAN).*")),
          events.size() + " events");
      Trajectory t = rig.trajectory();
      double[] torque = t.column("applied_torque_nm");
      double[] time = t.timeS();
      double start = t.controlStartS() + 0.5;
      double end = t.controlEndS();
      int run = 0;
      int longest = 0;
      for (int i = 0; i < t.rows(); i++) {
        if (time[i] < start || time[i] >= end || nearFault(faults, rig.plantZeroMs(), time[i])) {
          run = 0;
          continue;
        }
        run = torque[i] == safe ? run + 1 : 0;
        longest = Math.max(longest, run);
      }
      r.atMost(
          "longest run of safe torque while controlling, away from fault events (emulator), ticks",
          longest,
          2);
      rig.assertAllChecksPassed();
    }
  }

  /** docs/telemetry.md's ACL for this device. */
  static String acl() {
    return """
        user device
        topic write reflex/%1$s/#
        topic read reflex/%1$s/cmd/#

        user dashboard
        topic read reflex/#

        user operator
        topic readwrite reflex/+/cmd/#
        """
        .formatted(DEVICE);
  }

  /** True within −0.3 s … +0.6 s (emulator time) of a fault event's device timestamp. */
  static boolean nearFault(List<Observed> faults, long plantZeroMs, double atS) {
    for (Observed f : faults) {
      double faultS = (f.ts() - plantZeroMs) / 1000.0;
      if (atS >= faultS - 0.3 && atS <= faultS + 0.6) {
        return true;
      }
    }
    return false;
  }
}
