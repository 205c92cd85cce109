package dev.reflex.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.learning.Checkpoint;
import dev.reflex.learning.Learner;
import dev.reflex.learning.ReplayBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageTest {
  static final long T0 = 1_780_000_000_000L;

  static List<Path> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void shouldStampEveryCheckpointAndResumeWhenTheActorIsTheLineagesActor(@TempDir Path dir)
      throws Exception {
    Path actor = Files.writeString(dir.resolve("a.safetensors"), "actor A");
    CheckpointRotation rotation = new CheckpointRotation(dir.resolve("ckpt"), 3);
    List<String> log = new ArrayList<>();
    Lineage.Opened first = Lineage.open(rotation, actor, T0, log::add);
    assertTrue(first.resume().isEmpty(), "nothing to resume in an empty directory");
    assertNull(first.lineage().resumedFrom());
    assertEquals(List.of(), log, "a first lineage says nothing");
    Learner learner = CheckpointRotationTest.learner(1);
    String written = rotation.write(learner, new ReplayBuffer(16, 2, 1), 7);
    Checkpoint c = Checkpoint.read(rotation.dir().resolve(written));
    assertEquals(Lineage.sha256(actor), c.metadata().get(Lineage.ACTOR_SHA256));
    assertEquals(Long.toString(T0), c.metadata().get(Lineage.STARTED_MS));

    CheckpointRotation again = new CheckpointRotation(dir.resolve("ckpt"), 3);
    Lineage.Opened second = Lineage.open(again, actor, T0 + 60_000, log::add);
    assertTrue(second.resume().isPresent());
    assertEquals(written, second.lineage().resumedFrom().getFileName().toString());
    assertEquals(T0, second.lineage().startedAtMs(), "the lineage's start, not this run's");
    assertNull(second.lineage().retiredTo());
    assertTrue(second.lineage().describe().contains("resumed from " + written));
    String next = again.write(learner, new ReplayBuffer(16, 2, 1), 8);
    assertEquals(
        Long.toString(T0),
        Checkpoint.read(again.dir().resolve(next)).metadata().get(Lineage.STARTED_MS));
  }

  @Test
  void shouldMoveTheOldLineageAsideWhenAnotherActorIsDeployed(@TempDir Path dir) throws Exception {
    Path a = Files.writeString(dir.resolve("a.safetensors"), "actor A");
    Path b = Files.writeString(dir.resolve("b.safetensors"), "actor B");
    Path ckpt = dir.resolve("ckpt");
    CheckpointRotation rotation = new CheckpointRotation(ckpt, 3);
    Lineage.open(rotation, a, T0, s -> {});
    Learner learner = CheckpointRotationTest.learner(1);
    rotation.write(learner, new ReplayBuffer(16, 2, 1), 1);
    rotation.write(learner, new ReplayBuffer(16, 2, 1), 2);
    List<Path> before = rotation.list();

    List<String> log = new ArrayList<>();
    CheckpointRotation r2 = new CheckpointRotation(ckpt, 3);
    Lineage.Opened opened = Lineage.open(r2, b, T0 + 86_400_000L, log::add);
    assertTrue(opened.resume().isEmpty(), "a new actor does not resume the old lineage");
    assertEquals(Lineage.sha256(b), opened.lineage().actorSha256());
    Path retired = opened.lineage().retiredTo();
    assertNotNull(retired);
    assertEquals(ckpt, retired.getParent(), "a subdirectory of the checkpoint directory");
    assertTrue(
        retired.getFileName().toString().startsWith("lineage-20260529-"),
        "dated: " + retired.getFileName());
    assertTrue(retired.getFileName().toString().endsWith(Lineage.sha256(a).substring(0, 12)));
    assertEquals(List.of(), r2.list(), "no checkpoint of the old lineage left to resume");
    for (Path p : before) {
      Path kept = retired.resolve(p.getFileName());
      assertTrue(Files.isRegularFile(kept), "kept: " + kept);
      Checkpoint.read(kept); // intact
    }
    assertEquals(1, log.size(), log.toString());
    assertTrue(log.get(0).contains("new lineage from actor " + b), log.get(0));
    assertTrue(log.get(0).contains(retired.toString()), log.get(0));

    // Back to actor A: its checkpoints are aside, so A starts anew too (B's are moved aside).
    r2.write(learner, new ReplayBuffer(16, 2, 1), 1);
    Lineage.Opened backToA = Lineage.open(new CheckpointRotation(ckpt, 3), a, T0 + 2, s -> {});
    assertTrue(backToA.resume().isEmpty());
    assertEquals(before.size() + 1, files(ckpt).size(), "nothing deleted: " + files(ckpt));
  }

  @Test
  void shouldTreatACheckpointWithoutALineageAsAnotherLineage(@TempDir Path dir) throws Exception {
    Path a = Files.writeString(dir.resolve("a.safetensors"), "actor A");
    Path ckpt = dir.resolve("ckpt");
    // as written before lineages were recorded
    new CheckpointRotation(ckpt, 3)
        .write(CheckpointRotationTest.learner(1), new ReplayBuffer(16, 2, 1), 3);
    List<String> log = new ArrayList<>();
    Lineage.Opened opened = Lineage.open(new CheckpointRotation(ckpt, 3), a, T0, log::add);
    assertTrue(opened.resume().isEmpty());
    assertTrue(opened.lineage().retiredTo().getFileName().toString().endsWith("-unrecorded"));
    assertTrue(log.get(0).contains("an unrecorded actor"), log.toString());
  }
}
