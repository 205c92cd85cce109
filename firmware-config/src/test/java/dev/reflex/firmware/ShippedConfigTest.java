package dev.reflex.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.config.ConfigException;
import dev.reflex.config.ConfigLoader;
import dev.reflex.config.ControllerConfig;
import dev.reflex.config.PlantConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped controller validates, and the schema the runtime reads is the one in the repo. */
class ShippedConfigTest {
  @TempDir Path dir;

  static Stream<String> controllers() throws Exception {
    try (var files = Files.list(Path.of("controllers"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void shouldShipTheSevenReferenceControllers() throws Exception {
    assertEquals(
        List.of(
            "cartpole-sim.yaml",
            "dc-motor-pi5.yaml",
            "dc-motor-sim.yaml",
            "pendulum-finetune-sim.yaml",
            "pendulum-hil.yaml",
            "pendulum-sim.yaml",
            "servo-pca9685-as5600.yaml"),
        controllers().toList());
  }

  @ParameterizedTest
  @MethodSource("controllers")
  void shouldValidateEveryShippedController(String name) throws Exception {
    TestActors.stage(dir);
    ControllerConfig c;
    try {
      c = ConfigLoader.load(dir.resolve("controllers").resolve(name));
    } catch (ConfigException e) {
      throw new AssertionError(name + ":\n" + e.getMessage(), e);
    }
    assertEquals(name.replace(".yaml", ""), c.name());
    assertTrue(Files.exists(c.actorFile()), "the config's actor is shipped: " + c.actorFile());
  }

  @ParameterizedTest
  @MethodSource("controllers")
  void shouldValidateInPlaceWhenTheTrainedActorExists(String name) throws Exception {
    Path config = Path.of("controllers", name);
    String actor =
        Files.readString(config)
            .lines()
            .filter(l -> l.startsWith("actor:"))
            .findFirst()
            .orElseThrow()
            .substring("actor:".length())
            .replaceAll("#.*$", "")
            .strip();
    Path actorFile = config.toAbsolutePath().getParent().resolve(actor).normalize();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.exists(actorFile),
        "no trained actor yet at " + actorFile + " (validated with a stand-in above)");
    ConfigLoader.load(config);
  }

  @Test
  void shouldUseTheDefaultDemoSettings() throws Exception {
    TestActors.stage(dir);
    ControllerConfig c = ConfigLoader.load(dir.resolve("controllers/pendulum-sim.yaml"));
    assertEquals(10_000_000L, c.loop().periodNs());
    assertEquals("pendulum", ((PlantConfig.Sim) c.plant()).env());
    assertTrue(c.learning().enabled());
    assertTrue(c.telemetry().brokers().isEmpty(), "embedded broker");
    assertEquals("pendulum.safetensors", c.actorFile().getFileName().toString());
  }

  @Test
  void shouldBundleTheRepositorySchemasInTheRuntime() throws Exception {
    for (String schema : List.of("controller.schema.json", "board.schema.json")) {
      try (InputStream in =
          ConfigLoader.class.getResourceAsStream("/dev/reflex/config/schema/" + schema)) {
        assertTrue(in != null, schema + " missing from the runtime's resources");
        assertEquals(
            Files.readString(Path.of("schema", schema)), new String(in.readAllBytes()), schema);
      }
    }
  }

  @Test
  void shouldDocumentEverySchemaKey() throws Exception {
    var schema =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(Path.of("schema", "controller.schema.json").toFile());
    String docs = Files.readString(Path.of("..", "docs", "configuration.md"));
    List<String> missing = new java.util.ArrayList<>();
    collectKeys(schema, missing, docs);
    assertTrue(missing.isEmpty(), "keys missing from docs/configuration.md: " + missing);
  }

  private static void collectKeys(
      com.fasterxml.jackson.databind.JsonNode node, List<String> missing, String docs) {
    if (node.has("properties")) {
      node.get("properties")
          .fieldNames()
          .forEachRemaining(
              k -> {
                if (!docs.contains("`" + k + "`")) {
                  missing.add(k);
                }
              });
    }
    node.forEach(child -> collectKeys(child, missing, docs));
  }
}
