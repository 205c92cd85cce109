package dev.reflex.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * YAML 1.1 against YAML 1.2 plain scalars: what the config loader accepts and refuses, pinned
 * (issue 15: the Jackson/SnakeYAML resolver reads {@code yes}, {@code on}, {@code True} as
 * booleans, {@code 017} as octal 15, {@code 0b101}, {@code .inf}, {@code .NaN} and {@code Null} its
 * own way; the config keeps the project's reading: {@link ConfigReader.StyledParser}).
 */
class YamlScalarsTest {
  @TempDir Path dir;

  /** {written value, key, expected: "= value read" or "line: path: message"}. */
  static final String[][] CASES = {
    {"yes", "learning.enabled", "30: learning.enabled: expected true or false, got `yes`"},
    {"on", "learning.enabled", "30: learning.enabled: expected true or false, got `on`"},
    {"True", "learning.enabled", "30: learning.enabled: expected true or false, got `True`"},
    {"TRUE", "learning.enabled", "30: learning.enabled: expected true or false, got `TRUE`"},
    {"y", "learning.enabled", "30: learning.enabled: expected true or false, got `y`"},
    {"false", "learning.enabled", "= false"},
    {"0x10", "telemetry.embedded_port", "= 16"},
    {"017", "telemetry.embedded_port", "= 17"},
    {"1_883", "telemetry.embedded_port", "= 1883"},
    {"+1883", "telemetry.embedded_port", "= 1883"},
    {
      "0o17",
      "telemetry.embedded_port",
      "58: telemetry.embedded_port: expected an integer in 0 .. 65535, got `0o17`"
    },
    {
      "0b101",
      "telemetry.embedded_port",
      "58: telemetry.embedded_port: expected an integer in 0 .. 65535, got `0b101`"
    },
    {
      "1e3",
      "telemetry.embedded_port",
      "58: telemetry.embedded_port: expected an integer in 0 .. 65535, got `1e3`"
    },
    {
      "1883.0",
      "telemetry.embedded_port",
      "58: telemetry.embedded_port: expected an integer in 0 .. 65535, got `1883.0`"
    },
    {
      "1:30",
      "telemetry.embedded_port",
      "58: telemetry.embedded_port: expected an integer in 0 .. 65535, got `1:30`"
    },
    {
      ".inf",
      "plant.sim.sensor_noise_std",
      "16: plant.sim.sensor_noise_std: expected a number in 0 .. 1000, got `.inf`"
    },
    {
      ".NaN",
      "plant.sim.sensor_noise_std",
      "16: plant.sim.sensor_noise_std: expected a number in 0 .. 1000, got `.NaN`"
    },
    {
      "1_0.5",
      "plant.sim.sensor_noise_std",
      "16: plant.sim.sensor_noise_std: expected a number in 0 .. 1000, got `1_0.5`"
    },
    {
      "Null",
      "plant.sim.sensor_noise_std",
      "16: plant.sim.sensor_noise_std: expected a number in 0 .. 1000, got `Null`"
    },
    {
      "~",
      "plant.sim.sensor_noise_std",
      "16: plant.sim.sensor_noise_std: missing value: expected a number in 0 .. 1000"
    },
    {
      "\"0.5\"",
      "plant.sim.sensor_noise_std",
      "16: plant.sim.sensor_noise_std: expected a number in 0 .. 1000, got the quoted string"
          + " \"0.5\""
    },
    {"1e-3", "plant.sim.sensor_noise_std", "= 0.001"},
    {"1E-3", "plant.sim.sensor_noise_std", "= 0.001"},
    {".5", "plant.sim.sensor_noise_std", "= 0.5"},
    {"5.", "plant.sim.sensor_noise_std", "= 5.0"},
    {"0x1", "plant.sim.sensor_noise_std", "= 1.0"},
    {"yes", "name", "= yes"},
    {"0x10", "name", "= 0x10"},
    {"1e3", "name", "= 1e3"},
    {"null", "name", "4: name: missing value: expected a string"},
  };

  static final java.util.Map<String, String[]> WRITTEN =
      java.util.Map.of(
          "learning.enabled", new String[] {"enabled: true\n  algo", "enabled: %s\n  algo"},
          "telemetry.embedded_port", new String[] {"embedded_port: 1883", "embedded_port: %s"},
          "plant.sim.sensor_noise_std",
              new String[] {"sensor_noise_std: 0.0", "sensor_noise_std: %s"},
          "name", new String[] {"name: pendulum-sim", "name: %s"});

  static final java.util.Map<String, Function<ControllerConfig, Object>> READ =
      java.util.Map.of(
          "learning.enabled", c -> c.learning().enabled(),
          "telemetry.embedded_port", c -> c.telemetry().embeddedPort(),
          "plant.sim.sensor_noise_std", c -> ((PlantConfig.Sim) c.plant()).sensorNoiseStd(),
          "name", ControllerConfig::name);

  @Test
  void shouldReadPlainScalarsTheProjectsWay() throws Exception {
    String base =
        Files.readString(Path.of("..", "firmware-config", "controllers", "pendulum-sim.yaml"))
            .replace("../actors/", "");
    Files.copy(
        Path.of("..", "firmware-config", "actors", "pendulum.safetensors"),
        dir.resolve("pendulum.safetensors"));
    for (String[] c : CASES) {
      String[] w = WRITTEN.get(c[1]);
      assertTrue(base.contains(w[0]), w[0]);
      Path file = dir.resolve("scalar.yaml");
      Files.writeString(file, base.replace(w[0], w[1].formatted(c[0])));
      String loader;
      try {
        loader = "= " + READ.get(c[1]).apply(ConfigLoader.load(file));
      } catch (ConfigException x) {
        loader =
            String.join(
                "\n",
                x.problems().stream()
                    .map(p -> p.line() + ": " + p.path() + ": " + p.message())
                    .toList());
      }
      assertEquals(c[2], loader, c[0] + " for " + c[1] + " (loader)");
    }
  }
}
