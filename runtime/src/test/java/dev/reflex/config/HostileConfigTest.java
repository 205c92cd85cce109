package dev.reflex.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.format.ActorFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile config cases of issue 20, each refused by the loader both {@code check-config} and
 * {@code run} use (so both print the same one-line message), and a fixed-seed fuzz of config
 * mutations that never escapes as anything but a {@link ConfigException} or a loaded config.
 */
class HostileConfigTest {
  @TempDir Path dir;
  String base;

  @BeforeEach
  void copyShippedConfig() throws Exception {
    Path shipped = Path.of("..", "firmware-config", "controllers", "pendulum-hil.yaml");
    base =
        Files.readString(shipped).replace("../actors/pendulum.safetensors", "pendulum.safetensors");
    Files.copy(
        Path.of("..", "firmware-config", "actors", "pendulum.safetensors"),
        dir.resolve("pendulum.safetensors"));
    Files.writeString(dir.resolve("ok.yaml"), base);
    ConfigLoader.load(dir.resolve("ok.yaml")); // the base is fine
  }

  private String refused(String yaml) throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, yaml);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f), yaml);
    for (ConfigProblem p : e.problems()) {
      assertEquals(1, p.message().lines().count(), "one line: " + p.message());
    }
    return e.getMessage();
  }

  private void assertRefused(String yaml, String expected) throws Exception {
    String m = refused(yaml);
    assertTrue(m.contains(expected), "expected '" + expected + "' in: " + m);
  }

  @Test
  void shouldRefuseEachHostileCaseWithItsMessage() throws Exception {
    assertRefused(
        base.replace("127.0.0.1:9870", "127.0.0.1:70000"), "port 70000 not in [0, 65535]");
    assertRefused(
        base.replace("127.0.0.1:9871", "999.1.1.1:9871"), "`999.1.1.1` is not an IPv4 address");
    assertRefused(
        base.replace("embedded_port: 0", "embedded_port: 0\n  root: \"reflex/a\\0b/\""),
        "contains a NUL character");
    assertRefused(
        base.replace(
            "stale_timeout_ms: 30\n    sensors", "stale_timeout_ms: !!str 30\n    sensors"),
        "YAML tag `!!str` is not supported");
    assertRefused(
        base.replace("embedded_port: 0", "embedded_port: 0\n  client_id: " + "c".repeat(300)),
        "does not match");
    String longName = "x".repeat(200);
    assertRefused(base.replace("name: theta_dot,", "name: " + longName + ","), "does not match");
    assertRefused(
        base.replace(
            "learning:\n  enabled: false",
            "learning:\n  enabled: false\n  start_from: /etc/passwd"),
        "not a usable checkpoint");
    assertRefused(
        base.replace(
            "learning:\n  enabled: false",
            "learning:\n  enabled: false\n  start_from: pendulum.safetensors"),
        "not a usable checkpoint");
    assertRefused(
        base.replace("name: pendulum-hil", "name: pendulum-hil\ndescription: " + "d".repeat(5000)),
        "at most 4096");
  }

  @Test
  void shouldRefuseATwelveMegabyteConfigAtOnce() throws Exception {
    String huge =
        base.replace(
            "name: pendulum-hil", "name: pendulum-hil\ndescription: " + "d".repeat(12 << 20));
    long start = System.nanoTime();
    String m = refused(huge);
    double s = (System.nanoTime() - start) / 1e9;
    assertTrue(m.contains("a controller config may have at most 262144"), m);
    assertTrue(s < 2, "refused in " + s + " s");
  }

  @Test
  void shouldAcceptAnIpv6LoopbackListenAddress() throws Exception {
    Path f = dir.resolve("v6.yaml");
    Files.writeString(f, base.replace("127.0.0.1:9870", "\"[::1]:9870\""));
    ControllerConfig c = ConfigLoader.load(f);
    assertEquals("::1", ((PlantConfig.Udp) c.plant()).listenHost());
  }

  @Test
  void shouldRefuseAnActorWhoseBoundsLieOutsideTheActionLimits() throws Exception {
    ActorFile actor = ActorFile.read(dir.resolve("pendulum.safetensors"));
    var s = actor.scaling();
    actor
        .withScaling(
            new dev.reflex.format.ActorScaling(
                s.obsMean(), s.obsStd(), s.obsClip(), new double[] {-20}, new double[] {20}))
        .write(dir.resolve("pendulum.safetensors"));
    assertRefused(
        base,
        "reflex.action_low/reflex.action_high of output 0 are [-20.0, 20.0], outside action[0]'s"
            + " limits [min -2.0, max 2.0]");
  }

  @Test
  void shouldRefuseAFifoAsTheConfig() throws Exception {
    Path fifo = dir.resolve("fifo.yaml");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertEquals(0, p.waitFor());
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(fifo));
    assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
  }

  /** Fixed-seed fuzz: 400 mutations of the shipped config; each loads or is refused cleanly. */
  @Test
  void shouldLoadOrRefuseEveryFuzzedConfigWithoutAnotherException() throws Exception {
    SplittableRandom rng = new SplittableRandom(20);
    String[] inserts = {
      "\0",
      "99999",
      "-1",
      "1e308",
      "NaN",
      "!!str ",
      "!!int ",
      "[",
      "]",
      "{",
      ":",
      "&a ",
      "*a",
      "\"",
      "'",
      "\n",
      "  ",
      "999.1.1.1",
      "[::1]",
      "\uFEFF",
      "~",
      "null",
      "yes",
      "0x10"
    };
    int tried = 0;
    int refused = 0;
    int accepted = 0;
    long start = System.nanoTime();
    for (int i = 0; i < 400; i++) {
      StringBuilder b = new StringBuilder(base);
      int edits = 1 + rng.nextInt(3);
      for (int k = 0; k < edits; k++) {
        int at = rng.nextInt(b.length());
        switch (rng.nextInt(3)) {
          case 0 -> b.insert(at, inserts[rng.nextInt(inserts.length)]);
          case 1 -> b.deleteCharAt(at);
          default -> b.setCharAt(at, (char) (0x20 + rng.nextInt(0x5f)));
        }
      }
      Path f = dir.resolve("fuzz.yaml");
      Files.writeString(f, b.toString());
      tried++;
      try {
        ConfigLoader.load(f);
        accepted++;
      } catch (ConfigException e) {
        refused++;
        for (ConfigProblem p : e.problems()) {
          assertEquals(1, p.message().lines().count(), "one line: " + p.message());
        }
      }
    }
    double s = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "config fuzz (seed 20): tried %d, refused %d, accepted %d in %.1f s%n",
        tried, refused, accepted, s);
    assertEquals(tried, refused + accepted);
    assertTrue(refused > tried / 2, "most mutations break the config: " + refused);
  }
}
