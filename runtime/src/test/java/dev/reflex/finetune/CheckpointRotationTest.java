package dev.reflex.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.learning.Algorithm;
import dev.reflex.learning.Learner;
import dev.reflex.learning.LearnerOptions;
import dev.reflex.learning.ReplayBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointRotationTest {

  static Learner learner(long seed) {
    LearnerOptions o = LearnerOptions.defaults(Algorithm.TD3);
    o.actorHidden = new int[] {8};
    o.criticHidden = new int[] {8};
    o.batchSize = 4;
    o.replayCapacity = 16;
    return new Learner(o, 2, 1, seed);
  }

  @Test
  void shouldKeepTheLastNAndResumeFromTheNewestValidSkippingACorruptOne(@TempDir Path dir)
      throws Exception {
    CheckpointRotation rotation = new CheckpointRotation(dir, 3);
    Learner learner = learner(1);
    ReplayBuffer replay = new ReplayBuffer(16, 2, 1);
    replay.add(new double[] {1, 2}, new double[] {0.5}, -1, new double[] {2, 3}, false, false);
    for (int i = 0; i < 5; i++) {
      rotation.write(learner, replay, i);
    }
    List<Path> files = rotation.list();
    assertEquals(3, files.size(), files.toString());
    assertTrue(files.get(2).getFileName().toString().endsWith("00000005.safetensors"));
    try (var s = Files.list(dir)) {
      assertEquals(3, s.count(), "no temp files left behind");
    }

    // The newest is cut short, as by a crash of a writer without atomic replace.
    byte[] bytes = Files.readAllBytes(files.get(2));
    Files.write(files.get(2), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    List<String> warnings = new ArrayList<>();
    Optional<CheckpointRotation.LoadedCheckpoint> newest =
        new CheckpointRotation(dir, 3).newestValid(warnings::add);
    assertTrue(newest.isPresent());
    assertEquals(files.get(1), newest.get().path());
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains(files.get(2).getFileName().toString()), warnings.get(0));
    assertEquals("3", newest.get().checkpoint().metadata().get("reflex.actor_version"));

    // A new rotation continues the sequence after the newest file name.
    String next = new CheckpointRotation(dir, 3).write(learner, replay, 9);
    assertEquals("checkpoint-00000006.safetensors", next);
  }

  @Test
  void shouldFindNothingInAnEmptyDirectory(@TempDir Path dir) throws Exception {
    assertTrue(new CheckpointRotation(dir.resolve("new"), 2).newestValid(w -> {}).isEmpty());
  }
}
