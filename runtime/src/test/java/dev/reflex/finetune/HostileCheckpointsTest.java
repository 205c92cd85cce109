package dev.reflex.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.format.Safetensors;
import dev.reflex.learning.Learner;
import dev.reflex.learning.ReplayBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged, edited and non-regular checkpoint files (issue 20): the newest valid one is resumed from
 * whatever part of the newest is damaged, damaged ones are moved aside, rotation keeps {@code keep}
 * valid ones, a FIFO is skipped without blocking, temp files of killed writes are removed.
 */
class HostileCheckpointsTest {
  @TempDir Path dir;

  private final Learner learner = CheckpointRotationTest.learner(1);
  private final ReplayBuffer replay = new ReplayBuffer(16, 2, 1);

  private List<Path> writeFive(CheckpointRotation rotation) throws Exception {
    replay.add(new double[] {1, 2}, new double[] {0.5}, -1, new double[] {2, 3}, false, false);
    for (int i = 1; i <= 5; i++) {
      rotation.write(learner, replay, i);
    }
    return rotation.list();
  }

  @Test
  void shouldFallBackFromAnEditedHeaderAndMoveTheFileAside() throws Exception {
    CheckpointRotation rotation = new CheckpointRotation(dir, 3);
    List<Path> files = writeFive(rotation);
    Path newest = files.get(2);
    Safetensors original = Safetensors.read(newest);
    // The edits, written as a tool would: a valid file, the old content hash kept.
    String options = original.metadata().get("learner_options");
    String firstTensor = original.names().iterator().next();
    List<Safetensors> edited =
        List.of(
            rewrite(original, "learner_options", options.replace("TD3", "DDPG"), null, null),
            rewrite(original, "learner_options", options.replace("RELU", "TANH"), null, null),
            rewrite(original, null, null, firstTensor, firstTensor + "_renamed"));
    for (Safetensors e : edited) {
      assertFalse(e.metadata().equals(original.metadata()) && e.names().equals(original.names()));
      e.write(newest);
      List<String> warnings = new ArrayList<>();
      Optional<CheckpointRotation.LoadedCheckpoint> loaded =
          new CheckpointRotation(dir, 3).newestValid(warnings::add);
      assertEquals(files.get(1), loaded.orElseThrow().path());
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).contains("damaged or was edited"), warnings.get(0));
      assertTrue(Files.exists(dir.resolve("damaged").resolve(newest.getFileName())));
      Files.move(dir.resolve("damaged").resolve(newest.getFileName()), newest);
    }
  }

  private static Safetensors rewrite(
      Safetensors f, String key, String value, String tensor, String renamed) {
    Safetensors.Builder b = Safetensors.builder();
    java.util.LinkedHashMap<String, String> meta = new java.util.LinkedHashMap<>(f.metadata());
    if (key != null) {
      meta.put(key, value);
    }
    b.metadata(meta);
    f.tensors().forEach((n, t) -> b.put(n.equals(tensor) ? renamed : n, t));
    return b.build();
  }

  @Test
  void shouldFallBackWhateverByteOfTheNewestIsFlipped() throws Exception {
    CheckpointRotation rotation = new CheckpointRotation(dir, 3);
    List<Path> files = writeFive(rotation);
    Path newest = files.get(2);
    byte[] original = Files.readAllBytes(newest);
    SplittableRandom rng = new SplittableRandom(14);
    int tried = 0;
    int fellBack = 0;
    int harmless = 0;
    for (int i = 0; i < 120; i++) {
      byte[] b = original.clone();
      int at = i < 60 ? 8 + rng.nextInt(headerLength(original)) : rng.nextInt(b.length);
      b[at] ^= (byte) (1 << rng.nextInt(8));
      Files.write(newest, b);
      tried++;
      Optional<CheckpointRotation.LoadedCheckpoint> loaded =
          new CheckpointRotation(dir, 3).newestValid(w -> {});
      assertTrue(loaded.isPresent(), "flip at " + at);
      if (loaded.get().path().equals(newest)) {
        // Loaded: then the flip changed nothing the file means (JSON spacing, hex case).
        assertEquals(
            Safetensors.parse(original, "original").contentSha256(),
            Safetensors.read(newest).contentSha256(),
            "a flip at byte " + at + " was loaded with different content");
        harmless++;
      } else {
        assertEquals(files.get(1), loaded.get().path(), "flip at byte " + at);
        fellBack++;
      }
      Files.deleteIfExists(dir.resolve("damaged").resolve(newest.getFileName()));
    }
    System.out.printf(
        "checkpoint flips (seed 14): tried %d, fell back %d, loaded unchanged %d%n",
        tried, fellBack, harmless);
    assertEquals(tried, fellBack + harmless);
  }

  private static int headerLength(byte[] file) {
    return (int)
        java.nio.ByteBuffer.wrap(file, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
  }

  @Test
  void shouldSkipAFifoWithAWarningInsteadOfBlocking() throws Exception {
    CheckpointRotation rotation = new CheckpointRotation(dir, 3);
    List<Path> files = writeFive(rotation);
    Path fifo = dir.resolve("checkpoint-00000099.safetensors");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    List<String> warnings = new ArrayList<>();
    CheckpointRotation again = new CheckpointRotation(dir, 3, warnings::add);
    Optional<CheckpointRotation.LoadedCheckpoint> loaded = again.newestValid(warnings::add);
    assertEquals(files.get(2), loaded.orElseThrow().path());
    assertTrue(
        warnings.stream().anyMatch(w -> w.contains("not a regular file")), warnings.toString());
    assertEquals(
        "checkpoint-00000100.safetensors",
        again.write(learner, replay, 6),
        "the FIFO's number is never reused");
  }

  @Test
  void shouldKeepKeepValidOnesAndMoveDamagedOnesAside() throws Exception {
    CheckpointRotation rotation = new CheckpointRotation(dir, 3);
    List<Path> files = writeFive(rotation);
    for (Path p : files.subList(1, 3)) {
      byte[] b = Files.readAllBytes(p);
      b[b.length - 1] ^= 1; // data damaged
      Files.write(p, b);
    }
    rotation.write(learner, replay, 6);
    List<Path> left = rotation.list();
    assertEquals(2, left.size(), "the new one and the one valid older: " + left);
    assertTrue(
        left.get(0).getFileName().toString().endsWith("00000003.safetensors"), left.toString());
    try (var s = Files.list(dir.resolve("damaged"))) {
      assertEquals(2, s.count());
    }
    rotation.write(learner, replay, 7);
    assertEquals(3, rotation.list().size(), "keep 3 valid ones");
  }

  @Test
  void shouldRemoveTempFilesLeftByKilledWrites() throws Exception {
    CheckpointRotation rotation = new CheckpointRotation(dir, 3);
    writeFive(rotation);
    for (int i = 0; i < 11; i++) {
      Files.write(
          dir.resolve(".checkpoint-0000000" + (i % 9) + ".safetensors." + i + "ab.tmp"),
          new byte[1000]);
    }
    List<String> warnings = new ArrayList<>();
    new CheckpointRotation(dir, 3, warnings::add);
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("removed 11 temp file(s) (11000 bytes)"), warnings.get(0));
    try (var s = Files.list(dir)) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }
  }
}
