package dev.reflex.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.learning.Learner;
import dev.reflex.learning.ReplayBuffer;
import dev.reflex.loop.SpscRing;
import dev.reflex.loop.StepRecord;
import dev.reflex.network.Rng;
import dev.reflex.testing.Allocations;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The learner thread's poll in steady state allocates nothing: records drained into transitions,
 * updates run and checked, actors published, progress reported — in the critic warm-up (critic-only
 * updates) and while the actor learns. No verdict can fire in the window (the guard needs more
 * episodes than the run has), so no event is built.
 */
class OnBoardLearnerAllocationTest {

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void shouldAllocateNothingPerPoll(boolean warmingUp) {
    OnBoardLearnerOptions o = OnBoardLearnerTest.boardOptions();
    o.baselineEpisodes = 1;
    o.criticWarmupUpdates = warmingUp ? 1_000_000_000 : 20;
    Learner inner = new Learner(OnBoardLearnerTest.options(), 1, 1, 3);
    SpscRing ring = new SpscRing(4096, OnBoardLearnerTest.LAYOUT.width());
    OnBoardLearnerTest.CountingPublisher publisher = new OnBoardLearnerTest.CountingPublisher();
    OnBoardLearner l =
        new OnBoardLearner(
            o,
            inner,
            new ReplayBuffer(5000, 1, 1),
            ring,
            OnBoardLearnerTest.LAYOUT,
            RewardFunction.builder(1, 1).quadratic(0, 1, 0).build(),
            new EpisodeTracker(20, -1, 0, 0, 0),
            new ReturnGuard(1e6, 0.5, Integer.MAX_VALUE),
            publisher,
            null,
            null,
            LearningListener.NONE,
            System::nanoTime,
            false);
    Rng rng = new Rng(8);
    double[][] records = new double[256][OnBoardLearnerTest.LAYOUT.width()];
    for (double[] r : records) {
      r[StepRecord.OBSERVATION] = rng.uniform(-1, 1);
      r[OnBoardLearnerTest.LAYOUT.actionOffset()] = rng.uniform(-2, 2);
    }
    long[] tick = {0};
    Runnable poll =
        () -> {
          for (int i = 0; i < 16; i++) {
            double[] r = records[(int) (tick[0] % records.length)];
            r[StepRecord.TICK_INDEX] = tick[0]++;
            ring.offer(r);
          }
          l.poll();
        };
    long bytes = Allocations.measure(2_000, 500, poll);
    assertEquals(0, bytes, "bytes over 500 polls (" + (warmingUp ? "warm-up" : "learning") + ")");
    assertTrue(l.progress().updates > 10_000, "updates " + l.progress().updates);
    assertEquals(warmingUp, inner.actorUpdates() == 0, "actor updates " + inner.actorUpdates());
    if (!warmingUp) {
      assertTrue(publisher.published > 10, "published " + publisher.published);
    }
    assertFalse(l.paused());
  }
}
