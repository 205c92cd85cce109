package dev.reflex.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.format.SafetensorsFormatException;
import dev.reflex.network.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CheckpointTest {
  @TempDir Path dir;

  private static Learner trained(Algorithm algo, ReplayBuffer replay, int updates) {
    Learner l = new Learner(LearnerTest.small(algo), LearnerTest.OBS, LearnerTest.ACT, 42);
    for (int i = 0; i < updates; i++) {
      l.update(replay);
    }
    return l;
  }

  private static double[] everything(Learner l) {
    java.util.List<double[]> parts = new java.util.ArrayList<>();
    parts.add(LearnerTest.snapshot(l.actor().parameters()));
    parts.add(LearnerTest.snapshot(l.actorTarget().parameters()));
    parts.add(LearnerTest.optimiserState(l.actorOptimizer()));
    for (int c = 0; c < l.critics().length; c++) {
      parts.add(LearnerTest.snapshot(l.critics()[c].parameters()));
      parts.add(LearnerTest.snapshot(l.criticTargets()[c].parameters()));
      parts.add(LearnerTest.optimiserState(l.criticOptimizers()[c]));
    }
    parts.add(new double[] {l.criticUpdates(), l.actorUpdates(), l.rng().nextDouble()});
    return parts.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void shouldRestoreEveryPartOfTheLearnerBitForBit(Algorithm algo) throws Exception {
    ReplayBuffer replay = LearnerTest.filledReplay(7);
    Learner original = trained(algo, replay, 25);
    Path file = dir.resolve("ckpt.safetensors");
    Checkpoint.writer(original).replay(replay).counters(1234, 56).write(file);

    Checkpoint ckpt = Checkpoint.read(file);
    Learner restored = ckpt.newLearner();

    assertEquals(1234, ckpt.envSteps());
    assertEquals(56, ckpt.episodes());
    LearnerTest.assertBitwiseEqual(everything(original), everything(restored), "learner state");
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void shouldContinueExactlyAsWithoutStopping(Algorithm algo) throws Exception {
    ReplayBuffer replay = LearnerTest.filledReplay(9);
    Learner straight = trained(algo, replay, 30);
    Path file = dir.resolve("ckpt.safetensors");
    Checkpoint.writer(straight).replay(replay).write(file);
    Checkpoint ckpt = Checkpoint.read(file);
    Learner resumed = ckpt.newLearner();
    ReplayBuffer resumedReplay = new ReplayBuffer(replay.capacity(), replay.obsSize(), 2);
    ckpt.restoreReplay(resumedReplay);

    for (int i = 0; i < 20; i++) {
      straight.update(replay);
      resumed.update(resumedReplay);
    }

    LearnerTest.assertBitwiseEqual(
        LearnerTest.snapshot(straight.actor().parameters()),
        LearnerTest.snapshot(resumed.actor().parameters()),
        "actor after resuming");
  }

  @Test
  void shouldRestoreReplayContentsAndCursorAfterWrapping() throws Exception {
    ReplayBuffer replay = new ReplayBuffer(50, 3, 2);
    Rng rng = new Rng(3);
    double[] o = new double[3];
    double[] a = new double[2];
    for (int t = 0; t < 77; t++) {
      o[0] = t;
      a[1] = -t;
      replay.add(o, a, rng.nextGaussian(), o, t % 5 == 0, t % 7 == 0);
    }
    Learner l = new Learner(LearnerTest.small(Algorithm.TD3), 3, 2, 1);
    Path file = dir.resolve("replay.safetensors");
    Checkpoint.writer(l).replay(replay).write(file);
    ReplayBuffer back = new ReplayBuffer(50, 3, 2);
    Checkpoint.read(file).restoreReplay(back);

    assertEquals(replay.writeIndex(), back.writeIndex());
    assertEquals(replay.size(), back.size());
    assertEquals(replay.added(), back.added());
    assertArrayEquals(replay.obsData(), back.obsData());
    assertArrayEquals(replay.rewardData(), back.rewardData());
    assertArrayEquals(replay.terminatedData(), back.terminatedData());
    assertArrayEquals(replay.truncatedData(), back.truncatedData());
    DMatrixRMaj[] x = batch();
    DMatrixRMaj[] y = batch();
    replay.sample(8, new Rng(5), x[0], x[1], x[2], x[3], x[4]);
    back.sample(8, new Rng(5), y[0], y[1], y[2], y[3], y[4]);
    for (int k = 0; k < 5; k++) {
      assertArrayEquals(x[k].data, y[k].data);
    }
  }

  private static DMatrixRMaj[] batch() {
    return new DMatrixRMaj[] {
      new DMatrixRMaj(1, 1),
      new DMatrixRMaj(1, 1),
      new DMatrixRMaj(1, 1),
      new DMatrixRMaj(1, 1),
      new DMatrixRMaj(1, 1)
    };
  }

  @Test
  void shouldRestoreNoiseStateScaleAndGenerator() throws Exception {
    Rng noiseRng = new Rng(11);
    OrnsteinUhlenbeckNoise noise = new OrnsteinUhlenbeckNoise(2, 0.15, 0.2, 1.0, noiseRng);
    double[] out = new double[2];
    for (int i = 0; i < 13; i++) {
      noise.sample(out);
    }
    noise.setScale(0.3);
    Learner l = new Learner(LearnerTest.small(Algorithm.DDPG), 3, 2, 1);
    Path file = dir.resolve("noise.safetensors");
    Checkpoint.writer(l).noise(noise, noiseRng).write(file);

    Rng rng2 = new Rng(0);
    OrnsteinUhlenbeckNoise noise2 = new OrnsteinUhlenbeckNoise(2, 0.15, 0.2, 1.0, rng2);
    Checkpoint.read(file).restoreNoise(noise2, rng2);
    double[] out2 = new double[2];
    for (int i = 0; i < 5; i++) {
      noise.sample(out);
      noise2.sample(out2);
      assertArrayEquals(out, out2);
    }
    assertEquals(0.3, noise2.scale());
  }

  @Test
  void shouldWriteAnEmptyReplayBuffer() throws Exception {
    Learner l = new Learner(LearnerTest.small(Algorithm.TD3), 3, 2, 1);
    Path file = dir.resolve("empty.safetensors");
    Checkpoint.writer(l).replay(new ReplayBuffer(10, 3, 2)).write(file);
    ReplayBuffer back = new ReplayBuffer(10, 3, 2);
    Checkpoint.read(file).restoreReplay(back);
    assertEquals(0, back.size());
  }

  @Test
  void shouldNameTheTensorAndBothShapesWhenTheNetworksDiffer() throws Exception {
    Learner l = new Learner(LearnerTest.small(Algorithm.TD3), 3, 2, 1);
    Path file = dir.resolve("shape.safetensors");
    Checkpoint.writer(l).write(file);
    LearnerOptions other = LearnerTest.small(Algorithm.TD3);
    other.actorHidden = new int[] {9, 6};
    Learner wider = new Learner(other, 3, 2, 1);

    SafetensorsFormatException e =
        assertThrows(
            SafetensorsFormatException.class, () -> Checkpoint.read(file).restoreLearner(wider));

    assertTrue(e.getMessage().contains("shape.safetensors"), e.getMessage());
    assertTrue(e.getMessage().contains("actor.0.weight"), e.getMessage());
    assertTrue(e.getMessage().contains("[8, 3]"), e.getMessage());
    assertTrue(e.getMessage().contains("[9, 3]"), e.getMessage());
  }

  @Test
  void shouldRefuseACheckpointWithADifferentNumberOfCritics() throws Exception {
    Learner td3 = new Learner(LearnerTest.small(Algorithm.TD3), 3, 2, 1);
    Path file = dir.resolve("twin.safetensors");
    Checkpoint.writer(td3).write(file);
    Learner ddpg = new Learner(LearnerTest.small(Algorithm.DDPG), 3, 2, 1);

    SafetensorsFormatException e =
        assertThrows(
            SafetensorsFormatException.class, () -> Checkpoint.read(file).restoreLearner(ddpg));
    assertTrue(e.getMessage().contains("twin-critics"), e.getMessage());
  }

  @Test
  void shouldRefuseDifferentObservationSizes() throws Exception {
    Learner l = new Learner(LearnerTest.small(Algorithm.TD3), 3, 2, 1);
    Path file = dir.resolve("obs.safetensors");
    Checkpoint.writer(l).write(file);
    Learner other = new Learner(LearnerTest.small(Algorithm.TD3), 4, 2, 1);

    SafetensorsFormatException e =
        assertThrows(
            SafetensorsFormatException.class, () -> Checkpoint.read(file).restoreLearner(other));
    assertTrue(e.getMessage().contains("observation size 3"), e.getMessage());
  }

  @Test
  void shouldDetectCorruptedData() throws Exception {
    Learner l = new Learner(LearnerTest.small(Algorithm.TD3), 3, 2, 1);
    Path file = dir.resolve("corrupt.safetensors");
    Checkpoint.writer(l).write(file);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 20] ^= 0x40;
    Files.write(file, bytes);

    SafetensorsFormatException e =
        assertThrows(SafetensorsFormatException.class, () -> Checkpoint.read(file));
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
  }

  @Test
  void shouldKeepOptionsAndExtrasInTheFile() throws Exception {
    LearnerOptions o = LearnerTest.small(Algorithm.DDPG);
    o.gamma = 0.97;
    Learner l = new Learner(o, 3, 2, 1);
    Path file = dir.resolve("extra.safetensors");
    Checkpoint.writer(l)
        .tensor("trainer.thing", Checkpoint.rngTensor(new Rng(1)))
        .metadata("trainer_config", "{}")
        .write(file);
    Checkpoint back = Checkpoint.read(file);

    assertEquals(0.97, back.options().gamma);
    assertEquals(Algorithm.DDPG, back.options().algorithm);
    assertArrayEquals(new int[] {8, 6}, back.options().actorHidden);
    assertEquals("{}", back.metadata().get("trainer_config"));
    assertEquals(6, back.longs("trainer.thing", 6).length);
    assertFalse(back.hasReplay());
    assertFalse(back.hasNoise());
  }
}
