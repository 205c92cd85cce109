package dev.reflex.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's texts for the schema keywords the broken-config table does not reach (a numeric
 * {@code enum}, {@code maxItems}), as the config has always given them, now that the schema library
 * finds the problem ({@link ConfigReader}).
 */
class SchemaMessagesTest {
  @TempDir Path dir;

  private List<String> problems(String from, String to) throws Exception {
    TinyActorFiles.write(dir.resolve("actor.safetensors"), 2, 1);
    assertTrue(BrokenConfigTest.BASE.contains(from), from);
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, BrokenConfigTest.BASE.replace(from, to));
    ConfigException x = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    return x.problems().stream().map(p -> p.line() + ": " + p.path() + ": " + p.message()).toList();
  }

  @Test
  void shouldSayHowManyEntriesAListAllows() throws Exception {
    assertEquals(
        List.of("17: plant.pi4j.devices[1].dir: allows at most 2 entries, has 3"),
        problems("dir: 29", "dir: [29, 31, 33]"));
  }

  @Test
  void shouldListTheNumbersANumericEnumAllows() throws Exception {
    assertEquals(
        List.of("19: plant.pi4j.devices[2].address: not allowed: one of 104, 105"),
        problems(
            "    supply_v: 12\n",
            "    supply_v: 12\n" + "      - {name: imu, type: mpu6050, bus: 1, address: 106}\n"));
  }
}
