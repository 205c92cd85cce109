package dev.reflex.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.network.Precision;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-board learner's {@code learning.precision} key: default, f32, and a wrong value. */
class LearningPrecisionTest {
  @TempDir Path dir;

  private ControllerConfig load(String precisionLine) throws Exception {
    TinyActorFiles.write(dir.resolve("actors/a.safetensors"), 3, 1);
    String text =
        ConfigLoaderTest.SIM.replace(
            "  updates_per_transition: 0.5\n", "  updates_per_transition: 0.5\n" + precisionLine);
    Path f = dir.resolve("demo.yaml");
    Files.writeString(f, text);
    return ConfigLoader.load(f);
  }

  @Test
  void shouldDefaultToDoubleAndReadFloat32() throws Exception {
    assertEquals(Precision.F64, load("").learning().precision());
    assertEquals(Precision.F32, load("  precision: f32\n").learning().precision());
  }

  @Test
  void shouldRejectAnUnknownPrecisionNamingTheKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> load("  precision: f16\n"));
    assertTrue(e.getMessage().contains("precision"), e.getMessage());
  }
}
