package dev.reflex.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.format.ActorFile;
import dev.reflex.format.ActorScaling;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * check-config / run parity (issue 20): each hostile config case goes through {@code check-config
 * FILE} and {@code run --config FILE}; both refuse it with the same one line ({@code FILE:LINE:
 * path: message}; run adds {@code error: } and {@code ; nothing started}), and that line says what
 * the case is about. An IPv6 loopback listen address is accepted by both, and run opens it.
 */
class ConfigParityTest {
  @TempDir static Path dir;

  /** {case, shipped config, text to replace, replacement, fragment of the expected message}. */
  static Stream<Arguments> refused() {
    String hil = "pendulum-hil.yaml";
    String sim = "pendulum-sim.yaml";
    String dis = "learning:\n  enabled: false";
    return Stream.of(
        Arguments.of(
            "over-long client id",
            hil,
            "embedded_port: 0",
            "embedded_port: 0\n  client_id: " + "c".repeat(300),
            "telemetry.client_id: `"
                + "c".repeat(80)
                + "...` does not match ^[A-Za-z0-9_.:-]{0,64}$"),
        Arguments.of(
            "over-long observation name",
            hil,
            "name: theta_dot,",
            "name: " + "x".repeat(200) + ",",
            "observation[2].name: `"
                + "x".repeat(80)
                + "...` does not match ^[A-Za-z][A-Za-z0-9_]{0,63}$"),
        Arguments.of(
            "over-long controller name",
            hil,
            "name: pendulum-hil",
            "name: " + "n".repeat(200),
            ":4: name: `" + "n".repeat(80) + "...` does not match ^[a-z0-9][a-z0-9_-]{0,62}$"),
        Arguments.of(
            "huge sensor noise",
            sim,
            "sensor_noise_std: 0.0",
            "sensor_noise_std: 1e300",
            "plant.sim.sensor_noise_std: out of range: allowed 0 .. 1000, got 1e300"),
        Arguments.of(
            "huge exploration noise scale",
            sim,
            "scale: 0.1",
            "scale: 1e300",
            "learning.exploration.scale"),
        Arguments.of(
            "port above 65535",
            hil,
            "127.0.0.1:9870",
            "127.0.0.1:70000",
            "plant.udp.listen: port 70000 not in [0, 65535]"),
        Arguments.of(
            "peer 999.1.1.1",
            hil,
            "127.0.0.1:9871",
            "999.1.1.1:9871",
            "plant.udp.peer: `999.1.1.1` is not an IPv4 address"),
        Arguments.of(
            "NUL in telemetry.root",
            hil,
            "embedded_port: 0",
            "embedded_port: 0\n  root: \"reflex/a\\0b/\"",
            "contains a NUL character"),
        Arguments.of(
            "start_from /etc/passwd",
            hil,
            dis,
            dis + "\n  start_from: /etc/passwd",
            "learning.start_from: not a usable checkpoint"),
        Arguments.of(
            "start_from a plain actor",
            hil,
            dis,
            dis + "\n  start_from: pendulum.safetensors",
            "learning.start_from: not a usable checkpoint"),
        Arguments.of(
            "!!str on a number",
            hil,
            "stale_timeout_ms: 30\n    sensors",
            "stale_timeout_ms: !!str 30\n    sensors",
            "YAML tag `!!str` is not supported"),
        Arguments.of(
            "[::1] without brackets", hil, "127.0.0.1:9870", "\"::1:9870\"", "plant.udp.listen"),
        Arguments.of(
            "actor observation std not plausible",
            hil,
            "actor: pendulum.safetensors",
            "actor: tiny-std.safetensors",
            "tiny-std.safetensors is unusable: metadata reflex.obs_std[0] = 1.0E-300 outside"
                + " [1e-6, 1e6]"),
        Arguments.of(
            "actor bounds outside the action limits",
            hil,
            "actor: pendulum.safetensors",
            "actor: wide.safetensors",
            "reflex.action_low/reflex.action_high of output 0 are [-20.0, 20.0], outside"
                + " action[0]'s limits [min -2.0, max 2.0]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void shouldRefuseInCheckConfigAndRunWithTheSameLine(
      String what, String shipped, String from, String to, String expected) throws Exception {
    Path f = config(shipped, from, to);
    Outcome check = checkConfig(f);
    assertEquals(2, check.status(), what + ": check-config exit\n" + check.err());
    List<String> checkLines = check.err().lines().toList();
    assertEquals(
        List.of(checkLines.getFirst(), "1 problem found"), checkLines, what + ": one problem");
    String problem = checkLines.getFirst();
    assertTrue(problem.contains(expected), what + ": expected '" + expected + "' in " + problem);
    assertTrue(problem.startsWith(f + ":"), what + ": names the file: " + problem);
    assertFalse(problem.matches(".*[A-Z][a-zA-Z]*(Exception|Error)\\b.*"), "no Java exception");

    Outcome run = run("run", "--config", f.toString(), "--duration", "1s", "--no-telemetry");
    assertEquals(2, run.status(), what + ": run exit\n" + run.err());
    List<String> errors = run.err().lines().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(List.of("error: " + problem + "; nothing started"), errors, what + ": run's line");
  }

  @Test
  void shouldAcceptAnIpv6LoopbackListenAddressInCheckConfigAndOpenItInRun() throws Exception {
    int peer;
    try (DatagramSocket s =
        new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
      peer = s.getLocalPort();
    }
    Path f =
        config(
            "pendulum-hil.yaml",
            "listen: 127.0.0.1:9870",
            "listen: \"[::1]:0\"",
            "peer: 127.0.0.1:9871",
            "peer: \"[::1]:" + peer + "\"");
    Outcome check = checkConfig(f);
    assertEquals(0, check.status(), check.err());
    Outcome run = run("run", "--config", f.toString(), "--duration", "1s", "--no-telemetry");
    assertFalse(run.err().contains("error: "), run.err());
    assertFalse(run.err().contains("Exception"), run.err());
    assertTrue(
        run.err().contains("udp: waiting for sensor frames from [0:0:0:0:0:0:0:1]:" + peer),
        run.err());
  }

  private record Outcome(int status, String err) {}

  private static Path config(String shipped, String... fromTo) throws Exception {
    Path actor = dir.resolve("pendulum.safetensors");
    if (!Files.exists(actor)) {
      Files.copy(Path.of("..", "firmware-config", "actors", "pendulum.safetensors"), actor);
      ActorFile a = ActorFile.read(actor);
      ActorScaling s = a.scaling();
      a.withScaling(
              new ActorScaling(
                  s.obsMean(), s.obsStd(), s.obsClip(), new double[] {-20}, new double[] {20}))
          .write(dir.resolve("wide.safetensors"));
      a.withScaling(
              new ActorScaling(
                  s.obsMean(),
                  new double[] {1e-300, 1, 1},
                  s.obsClip(),
                  s.actionLow(),
                  s.actionHigh()))
          .write(dir.resolve("tiny-std.safetensors"));
    }
    String text =
        Files.readString(Path.of("..", "firmware-config", "controllers", shipped))
            .replace("../actors/pendulum.safetensors", "pendulum.safetensors");
    for (int i = 0; i < fromTo.length; i += 2) {
      assertTrue(text.contains(fromTo[i]), shipped + " has " + fromTo[i]);
      text = text.replace(fromTo[i], fromTo[i + 1]);
    }
    Path f = Files.createTempFile(dir, "case", ".yaml");
    Files.writeString(f, text);
    return f;
  }

  private static Outcome checkConfig(Path f) {
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err));
    int status = cl.execute("check-config", f.toString());
    return new Outcome(status, err.toString());
  }

  private static Outcome run(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    int status;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      status = Main.commandLine().execute(args);
    } finally {
      System.setErr(saved);
    }
    return new Outcome(status, err.toString(StandardCharsets.UTF_8));
  }
}
