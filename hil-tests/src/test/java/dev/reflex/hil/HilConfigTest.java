package dev.reflex.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.reflex.plant.sim.SimPlant;
import dev.reflex.plant.sim.SimPlants;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HilConfigTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  final ProjectLayout layout = ProjectLayout.find();

  @Test
  void shouldChangeOnlyPortsBrokerDeviceAndPaths(@TempDir Path dir) throws Exception {
    Path shipped = layout.controllerConfig("pendulum-hil");
    Path written =
        HilConfig.from(shipped)
            .udp(40001, 40002)
            .telemetry("tcp://127.0.0.1:1999", "hil-x")
            .learning(true, dir.resolve("cp"), 2)
            .write(dir.resolve("c.yaml"));
    ObjectNode before = (ObjectNode) YAML.readTree(shipped.toFile());
    ObjectNode after = (ObjectNode) YAML.readTree(written.toFile());
    assertEquals("127.0.0.1:40001", after.at("/plant/udp/listen").asText());
    assertEquals("127.0.0.1:40002", after.at("/plant/udp/peer").asText());
    assertEquals("tcp://127.0.0.1:1999", after.at("/telemetry/brokers/0").asText());
    assertEquals("hil-x", after.at("/telemetry/device_id").asText());
    assertEquals(dir.resolve("cp").toString(), after.at("/learning/checkpoint/dir").asText());
    assertEquals(
        layout.actor("pendulum").toAbsolutePath().normalize().toString(),
        after.get("actor").asText());
    List<String> changed = new ArrayList<>();
    diff("", before, after, changed);
    assertEquals(
        java.util.Set.of(
            "/actor",
            "/learning/enabled",
            "/learning/checkpoint",
            "/plant/udp/listen",
            "/plant/udp/peer",
            "/telemetry/brokers",
            "/telemetry/device_id",
            "/telemetry/enabled"),
        java.util.Set.copyOf(changed),
        "only these keys change");
  }

  @Test
  void shouldDescribeTheFramesTheEmulatorSends() {
    JsonNode udp = HilConfig.from(layout.controllerConfig("pendulum-hil")).get("plant.udp");
    SimPlant pendulum = SimPlants.create("pendulum");
    assertEquals(
        List.of(pendulum.observationNames()),
        YAML.convertValue(udp.get("sensors"), List.class),
        "pendulum-hil.yaml's sensor frame layout = `monitor.jar plant --env pendulum`'s");
    assertEquals(
        List.of(pendulum.actionNames()), YAML.convertValue(udp.get("actuators"), List.class));
  }

  @Test
  void shouldSetAndRemoveNestedKeys() {
    HilConfig c = HilConfig.from(layout.controllerConfig("pendulum-hil"));
    c.set("learning.exploration.scale", 0.05).set("safety.miss_budget", 7);
    assertEquals(0.05, c.get("learning.exploration.scale").asDouble());
    assertEquals(7, c.get("safety.miss_budget").asInt());
    c.remove("safety.miss_budget");
    assertTrue(c.get("safety.miss_budget") == null);
    assertTrue(c.yaml().contains("scale: 0.05"), c.yaml());
  }

  static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
    if (a != null && b != null && a.isObject() && b.isObject()) {
      java.util.Set<String> keys = new java.util.TreeSet<>();
      a.fieldNames().forEachRemaining(keys::add);
      b.fieldNames().forEachRemaining(keys::add);
      for (String k : keys) {
        JsonNode x = a.get(k);
        JsonNode y = b.get(k);
        if (x == null || y == null || !x.isObject() || !y.isObject()) {
          if (x == null || !x.equals(y)) {
            out.add(path + "/" + k);
          }
        } else {
          diff(path + "/" + k, x, y, out);
        }
      }
    }
  }
}
