package dev.reflex.hil;

import dev.reflex.telemetry.mqtt.EmbeddedBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 7: bad inputs at start. A corrupt or truncated actor and config errors stop the
 * controller with a clear {@code error:} line and a non-zero exit, never a bare stack trace; an
 * unreachable broker does not stop it: it runs without telemetry and says so.
 */
@Tag("hil")
class BadInputsScenarioTest {

  @Test
  void shouldRefuseACorruptOrTruncatedActorWithOneErrorLine() throws Exception {
    String scenario = "bad-inputs-actor";
    try (HilRig rig =
        HilRig.open(scenario, "corrupt and truncated actor files: error line, exit 2, no trace")) {
      HilAssumptions.requireRunCommand(rig.layout(), scenario);
      ScenarioReport r = rig.report();
      Path garbage = rig.work().resolve("garbage.safetensors");
      byte[] noise = new byte[4096];
      new Random(7).nextBytes(noise);
      Files.write(garbage, noise);
      Path truncated = rig.work().resolve("truncated.safetensors");
      Path source = rig.layout().actor("pendulum");
      byte[] valid =
          Files.isRegularFile(source)
              ? Files.readAllBytes(source)
              : dev.reflex.format.Safetensors.builder()
                  .put("0.weight", dev.reflex.format.Tensor.f32(new int[] {4, 3}, new float[12]))
                  .build()
                  .toBytes();
      Files.write(truncated, Arrays.copyOf(valid, valid.length / 2));
      for (Path actor : List.of(garbage, truncated)) {
        String name = actor.getFileName().toString();
        HilConfig config = rig.pendulumConfig("hil-" + scenario).set("actor", actor);
        Path configFile = config.write(rig.work().resolve(name + ".yaml"));
        RigProcess p =
            rig.runTool(
                "run-" + name,
                new ControllerSpec(configFile).noTelemetry().duration("2s").args(),
                Duration.ofSeconds(60));
        expectCleanRefusal(r, name, p, name);
        if (Files.isRegularFile(source)) {
          // the shipped config (a valid actor) with the bad one given by --actor
          RigProcess viaOption =
              rig.runTool(
                  "run-option-" + name,
                  new ControllerSpec(
                          rig.pendulumConfig("hil-" + scenario)
                              .write(rig.work().resolve("shipped-actor.yaml")))
                      .actor(actor)
                      .noTelemetry()
                      .duration("2s")
                      .args(),
                  Duration.ofSeconds(60));
          expectCleanRefusal(r, "--actor " + name, viaOption, name);
        }
      }
      rig.assertAllChecksPassed();
    }
  }

  @Test
  void shouldRefuseConfigErrorsWithOneErrorLineNamingTheKey() throws Exception {
    String scenario = "bad-inputs-config";
    try (HilRig rig =
        HilRig.open(scenario, "config errors (typo, missing unit, missing file): error, exit 2")) {
      HilAssumptions.requireRunCommand(rig.layout(), scenario);
      ScenarioReport r = rig.report();
      Path typo =
          rig.pendulumConfig("hil-" + scenario)
              .set("safety.stale_timout_ms", 30)
              .write(rig.work().resolve("typo.yaml"));
      Path noUnit =
          rig.pendulumConfig("hil-" + scenario)
              .set("loop.rate", 100)
              .write(rig.work().resolve("no-unit.yaml"));
      Path missing = rig.work().resolve("does-not-exist.yaml");
      record Case(String name, Path file, String mentions) {}
      for (Case c :
          List.of(
              new Case("typo", typo, "stale_timout_ms"),
              new Case("no-unit", noUnit, "loop.rate"),
              new Case("missing", missing, "does-not-exist.yaml"))) {
        RigProcess p =
            rig.runTool(
                "run-" + c.name(),
                new ControllerSpec(c.file()).noTelemetry().duration("2s").args(),
                Duration.ofSeconds(60));
        expectCleanRefusal(r, c.name(), p, c.mentions());
      }
      rig.assertAllChecksPassed();
    }
  }

  @Test
  void shouldRunWithoutTelemetryAndSaySoWhenTheBrokerIsUnreachable() throws Exception {
    String scenario = "bad-inputs-broker";
    try (HilRig rig =
        HilRig.open(scenario, "broker unreachable: runs without telemetry and says so, exit 0")) {
      HilAssumptions.requireRunCommand(rig.layout(), scenario);
      HilAssumptions.requirePendulumActor(rig.layout(), scenario);
      ScenarioReport r = rig.report();
      int closedPort = EmbeddedBroker.freePort("127.0.0.1");
      String url = "tcp://127.0.0.1:" + closedPort;
      Path configFile =
          rig.pendulumConfig("hil-" + scenario)
              .telemetry(url, "hil-" + scenario)
              .write(rig.work().resolve("pendulum-hil.yaml"));
      // the emulator runs until stopped: the controller's JVM start-up under load is not bounded
      RigProcess plant = rig.startEmulator(rig.emulator().seed(8).duration("120s"));
      RigProcess p = rig.startController("runtime", new ControllerSpec(configFile).duration("5s"));
      int exit = p.awaitExit(Duration.ofSeconds(60));
      String out = p.stdout() + p.stderr();
      r.check("exit 0 without a broker", exit == 0, "exit " + exit);
      r.check(
          "says it runs without telemetry / names the broker",
          out.contains(url) || out.contains("127.0.0.1:" + closedPort),
          "output names " + url);
      r.check("no stack trace", !out.contains("\tat "), "no '\\tat ' lines");
      rig.sleepMs(500);
      plant.sigterm();
      plant.awaitExit(Duration.ofSeconds(15));
      Trajectory t = rig.trajectory();
      r.atLeast(
          "control ran: actuator frames accepted by the emulator",
          t.last("actuator_frames_accepted"),
          300);
      rig.assertAllChecksPassed();
    }
  }

  /** Exit ≠ 0 (2 documented), an {@code error:} line naming {@code mentions}, no stack frames. */
  static void expectCleanRefusal(ScenarioReport r, String what, RigProcess p, String mentions) {
    int exit = p.awaitExit(Duration.ofSeconds(1));
    String err = p.stderr();
    String all = p.stdout() + err;
    List<String> errorLines = err.lines().filter(l -> l.contains("error:")).toList();
    r.figure(what + ".exit", exit);
    r.figure(what + ".error_lines", errorLines);
    r.check(what + ": exit code 2", exit == 2, "exit " + exit);
    r.check(what + ": stderr has an error: line", !errorLines.isEmpty(), RigProcess.tail(err, 5));
    r.check(
        what + ": the error names " + mentions,
        errorLines.stream().anyMatch(l -> l.contains(mentions)) || err.contains(mentions),
        RigProcess.tail(err, 5));
    r.check(what + ": no stack trace", !all.contains("\tat "), "no '\\tat ' lines");
  }
}
