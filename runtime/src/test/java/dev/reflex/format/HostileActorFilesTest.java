package dev.reflex.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.network.Activation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edited and damaged actor files (issue 20): metadata that changes behaviour is covered by the
 * content hash and range-checked, unknown {@code reflex.*} keys are refused, a file of the previous
 * version still loads with one warning line, and a fixed-seed fuzz of bit flips never yields an
 * actor that differs from the original.
 */
class HostileActorFilesTest {
  @TempDir Path dir;

  private final ActorFile actor =
      ActorFileTest.randomActor(
          3,
          new int[] {3, 8, 1},
          new Activation[] {Activation.RELU, Activation.TANH},
          new ActorScaling(
              new double[] {0, 0, 0},
              new double[] {1, 1, 8},
              5,
              new double[] {-2},
              new double[] {2}));

  /** The file with {@code key} set to {@code value}, hash kept as written (a hand edit). */
  private Path edited(String key, String value, boolean dropHash) throws Exception {
    Safetensors good = actor.toSafetensors();
    Map<String, String> meta = new LinkedHashMap<>(good.metadata());
    if (value == null) {
      meta.remove(key);
    } else {
      meta.put(key, value);
    }
    if (dropHash) {
      meta.remove(Safetensors.KEY_CONTENT_SHA256);
    }
    Safetensors.Builder b = Safetensors.builder().metadata(meta);
    good.tensors().forEach(b::put);
    Path f = dir.resolve("edited.safetensors");
    b.build().write(f);
    return f;
  }

  private String refused(Path f) {
    Exception e = assertThrows(SafetensorsFormatException.class, () -> ActorFile.read(f));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    return e.getMessage();
  }

  @Test
  void shouldRefuseTheIssuesMetadataEditsWithTheHash() throws Exception {
    String[][] edits = {
      {ActorFile.KEY_OBS_STD, "[1e-300, 1, 8]"},
      {ActorFile.KEY_OBS_MEAN, "[1e308, 0, 0]"},
      {ActorFile.KEY_ACTION_HIGH, "[20]"},
      {ActorFile.KEY_ACTIVATIONS, "relu,identity"},
    };
    for (String[] e : edits) {
      String m = refused(edited(e[0], e[1], false));
      assertTrue(m.contains("outside [") || m.contains("damaged or was edited"), e[0] + ": " + m);
    }
    assertTrue(
        refused(edited(ActorFile.KEY_ACTIVATIONS, "relu,identity", false)).contains("edited"));
  }

  @Test
  void shouldRangeCheckMetadataOfFilesWithoutAHash() throws Exception {
    assertTrue(
        refused(edited(ActorFile.KEY_OBS_STD, "[1e-300, 1, 8]", true))
            .contains("reflex.obs_std[0] = 1.0E-300 outside [1e-6, 1e6]"));
    assertTrue(
        refused(edited(ActorFile.KEY_OBS_MEAN, "[1e308, 0, 0]", true))
            .contains("reflex.obs_mean[0] = 1.0E308 outside [-1e6, 1e6]"));
  }

  @Test
  void shouldRefuseAnUnknownReflexKey() throws Exception {
    Path f = edited("reflex.action_how", "[-2]", true);
    String m = refused(f);
    assertTrue(m.contains("unknown metadata key 'reflex.action_how'"), m);
  }

  @Test
  void shouldLoadAnActorOfThePreviousVersionWithOneWarningLine() throws Exception {
    Path old = dir.resolve("old.safetensors");
    try (var in = getClass().getResourceAsStream("pendulum-before-content-hash.safetensors")) {
      Files.copy(in, old);
    }
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true));
    ActorFile a;
    try {
      a = ActorFile.read(old);
      ActorFile.read(old); // once per file
    } finally {
      System.setErr(saved);
    }
    assertEquals(3, a.observationSize());
    String w = err.toString();
    assertEquals(1, w.lines().count(), w);
    assertTrue(w.contains("no reflex.content_sha256"), w);
    // Written again by this version it carries the hash and reads back the same.
    Path again = dir.resolve("again.safetensors");
    a.write(again);
    ActorFile b = ActorFile.read(again);
    assertEquals(a, b);
    assertTrue(Safetensors.read(again).verifyContentHash());
  }

  /** Fixed-seed fuzz: 300 single and double bit flips; each is refused or reads unchanged. */
  @Test
  void shouldRefuseOrReadUnchangedEveryFlippedFile() throws Exception {
    Path f = dir.resolve("a.safetensors");
    actor.write(f);
    byte[] original = Files.readAllBytes(f);
    SplittableRandom rng = new SplittableRandom(20);
    int refused = 0;
    int unchanged = 0;
    for (int i = 0; i < 300; i++) {
      byte[] b = original.clone();
      for (int k = 0; k < 1 + i % 2; k++) {
        int at = rng.nextInt(b.length);
        b[at] ^= (byte) (1 << rng.nextInt(8));
      }
      Files.write(f, b);
      try {
        ActorFile read = ActorFile.read(f);
        assertEquals(actor, read, "flip " + i + " read as a different actor");
        assertArrayEquals(actor.scaling().actionHigh(), read.scaling().actionHigh());
        unchanged++;
      } catch (SafetensorsFormatException e) {
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        refused++;
      }
    }
    System.out.printf(
        "actor flips (seed 20): tried 300, refused %d, read unchanged %d%n", refused, unchanged);
    assertEquals(300, refused + unchanged);
  }
}
