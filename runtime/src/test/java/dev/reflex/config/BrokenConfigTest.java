package dev.reflex.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table of broken configs: each must fail, naming the file, the line, the field and the cause. */
class BrokenConfigTest {
  @TempDir Path dir;

  /** A valid Pi 5 servo; line numbers are referred to by the table below. */
  static final String BASE =
      """
      name: servo
      board: raspberry-pi-5
      loop:
        rate: 500 Hz
      plant:
        backend: pi4j
        pi4j:
          devices:
            - name: encoder
              type: encoder
              a: 16
              b: 18
              counts_per_rev: 1200
            - name: motor
              type: hbridge
              pwm: 32
              dir: 29
              supply_v: 12
      observation:
        - {name: theta, from: encoder.angle_rad}
        - {name: theta_dot, from: encoder.angle_rad, transform: rate}
      action:
        - {name: voltage, to: motor.voltage_v, min: -12, max: 12, unit: V, rate_limit: 100}
      actor: actor.safetensors
      """;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "missing key",
            "        counts_per_rev: 1200\n",
            "",
            9,
            "plant.pi4j.devices[0].counts_per_rev",
            "missing required key `counts_per_rev`"),
        Arguments.of(
            "wrong type",
            "supply_v: 12",
            "supply_v: twelve",
            18,
            "plant.pi4j.devices[1].supply_v",
            "expected a number"),
        Arguments.of(
            "unknown key with suggestion",
            "rate_limit: 100",
            "rate_limt: 100",
            23,
            "action[0].rate_limt",
            "did you mean `rate_limit`?"),
        Arguments.of(
            "unknown top-level key",
            "actor: actor.safetensors",
            "actor: actor.safetensors\nsaftey: {}",
            25,
            "saftey",
            "did you mean `safety`?"),
        Arguments.of(
            "out of range",
            "rate: 500 Hz",
            "rate: 5 kHz",
            4,
            "loop.rate",
            "out of range: allowed 100 .. 1000 Hz"),
        Arguments.of("unit missing", "rate: 500 Hz", "rate: 500", 4, "loop.rate", "missing unit"),
        Arguments.of(
            "wrong unit", "rate: 500 Hz", "rate: 500 ms", 4, "loop.rate", "wrong unit `ms`"),
        Arguments.of(
            "action unit wrong for actuator",
            "unit: V",
            "unit: A",
            23,
            "action[0].unit",
            "hbridge channel voltage_v is in V"),
        Arguments.of(
            "pin not GPIO",
            "a: 16",
            "a: 17",
            11,
            "plant.pi4j.devices[0].a",
            "header pin 17 is 3V3, not a GPIO pin"),
        Arguments.of(
            "pin beyond the header",
            "a: 16",
            "a: 41",
            11,
            "plant.pi4j.devices[0].a",
            "out of range"),
        Arguments.of(
            "chip line not on the header",
            "b: 18",
            "b: {line: gpiochip0/30}",
            12,
            "plant.pi4j.devices[0].b",
            "line 30 of gpiochip0 is not on the 40-pin header"),
        Arguments.of(
            "duplicate pin",
            "dir: 29",
            "dir: 16",
            17,
            "plant.pi4j.devices[1].dir",
            "is already used by plant.pi4j.devices[0].a (line 11)"),
        Arguments.of(
            "pin without PWM",
            "pwm: 32",
            "pwm: 22",
            16,
            "plant.pi4j.devices[1].pwm",
            "cannot do hardware PWM"),
        Arguments.of(
            "min not below max",
            "min: -12, max: 12",
            "min: 12, max: -12",
            23,
            "action[0].max",
            "max must be above min"),
        Arguments.of(
            "safe outside limits",
            "rate_limit: 100",
            "rate_limit: 100, safe: 20",
            23,
            "action[0].safe",
            "outside [-12, 12]"),
        Arguments.of(
            "limit beyond supply",
            "min: -12, max: 12",
            "min: -24, max: 24",
            23,
            "action[0].max",
            "the H-bridge supply is 12 V"),
        Arguments.of(
            "unknown device channel",
            "from: encoder.angle_rad}",
            "from: encoder.angel_rad}",
            20,
            "observation[0].from",
            "did you mean `angle_rad`?"),
        Arguments.of(
            "unknown device type",
            "type: encoder",
            "type: encodr",
            10,
            "plant.pi4j.devices[0].type",
            "did you mean `encoder`?"),
        Arguments.of(
            "duplicate name",
            "name: theta_dot",
            "name: theta",
            21,
            "observation[1].name",
            "duplicate name `theta`"),
        Arguments.of(
            "duplicate key",
            "  rate: 500 Hz\n",
            "  rate: 500 Hz\n  rate: 200 Hz\n",
            5,
            "loop.rate",
            "duplicate key"),
        Arguments.of(
            "unknown board",
            "raspberry-pi-5",
            "rasberry-pi-5",
            2,
            "board",
            "did you mean `raspberry-pi-5`?"),
        Arguments.of(
            "actor file missing",
            "actor: actor.safetensors",
            "actor: none.safetensors",
            24,
            "actor",
            "does not exist"),
        Arguments.of(
            "cpu not on the board",
            "  rate: 500 Hz\n",
            "  rate: 500 Hz\n  cpu: 4\n",
            5,
            "loop.cpu",
            "not a core of raspberry-pi-5"),
        Arguments.of("yaml syntax", "rate: 500 Hz", "rate: [500 Hz", 5, "", "YAML syntax error"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldNameFileLineFieldAndCause(
      String label, String find, String replace, int line, String path, String message)
      throws Exception {
    TinyActorFiles.write(dir.resolve("actor.safetensors"), 2, 1);
    assertTrue(BASE.contains(find), "table entry does not apply: " + label);
    Path file = dir.resolve("servo.yaml");
    Files.writeString(file, BASE.replace(find, replace));

    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));

    ConfigProblem p =
        e.problems().stream()
            .filter(x -> x.path().equals(path) && x.message().contains(message))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        label
                            + ": no problem at "
                            + path
                            + " containing `"
                            + message
                            + "` in:\n"
                            + e.getMessage()));
    assertEquals(file, p.file(), label);
    assertEquals(line, p.line(), label + ": " + p.format());
    assertTrue(p.format().startsWith(file + ":" + line + ": "), p.format());
  }

  @Test
  void shouldAcceptTheBase() throws Exception {
    TinyActorFiles.write(dir.resolve("actor.safetensors"), 2, 1);
    Path file = dir.resolve("servo.yaml");
    Files.writeString(file, BASE);
    ControllerConfig c = ConfigLoader.load(file);
    DeviceConfig.HBridge motor =
        (DeviceConfig.HBridge) ((PlantConfig.Pi4j) c.plant()).devices().get(1);
    assertEquals(new GpioPin(32, "gpiochip0", 12, "GPIO12"), motor.pwm().pin());
    assertEquals(0, motor.pwm().channel());
    assertEquals(20_000.0, motor.pwmFrequencyHz());
  }

  @Test
  void shouldRejectACorruptActor() throws Exception {
    Files.write(
        dir.resolve("actor.safetensors"), new byte[] {(byte) 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    Path file = dir.resolve("servo.yaml");
    Files.writeString(file, BASE);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    assertEquals(1, e.problems().size(), e.getMessage());
    assertEquals(24, e.problems().get(0).line());
    assertTrue(
        e.problems().get(0).message().contains("is unusable: header length"), e.getMessage());
  }

  @Test
  void shouldRejectAnActorOfTheWrongShape() throws Exception {
    TinyActorFiles.write(dir.resolve("actor.safetensors"), 3, 2);
    Path file = dir.resolve("servo.yaml");
    Files.writeString(file, BASE);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.problems().get(0).message().contains("takes 3 inputs but observation has 2"));
    assertTrue(e.problems().get(1).message().contains("produces 2 outputs but action has 1"));
  }

  @Test
  void shouldRejectTwoPinsOnOnePi4PwmChannel() throws Exception {
    TinyActorFiles.write(dir.resolve("actor.safetensors"), 2, 1);
    Path file = dir.resolve("servo.yaml");
    String pi4 =
        BASE.replace("raspberry-pi-5", "raspberry-pi-4")
            .replace(
                "      supply_v: 12\n",
                "      supply_v: 12\n      - {name: fan, type: pwm, pin: 12, frequency: 25 kHz}\n");
    Files.writeString(file, pi4);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    assertEquals(1, e.problems().size(), e.getMessage());
    assertTrue(
        e.problems().get(0).message().contains("PWM pwmchip0 channel 0 is already used"),
        e.getMessage());
  }

  @Test
  void shouldRefuseAnInlinePasswordUnlessAllowed() throws Exception {
    TinyActorFiles.write(dir.resolve("actor.safetensors"), 2, 1);
    Path file = dir.resolve("servo.yaml");
    Files.writeString(file, BASE + "telemetry: {password: secret}\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    assertEquals("telemetry.password", e.problems().get(0).path());
    Files.writeString(file, BASE + "telemetry: {password: secret, allow_inline_password: true}\n");
    ControllerConfig c = ConfigLoader.load(file);
    assertEquals("secret", new String(c.telemetry().password().read().orElseThrow()));
  }
}
