package dev.reflex.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.format.ActorScaling;
import dev.reflex.learning.Algorithm;
import dev.reflex.learning.Learner;
import dev.reflex.learning.LearnerOptions;
import dev.reflex.learning.ReplayBuffer;
import dev.reflex.loop.SpscRing;
import dev.reflex.loop.StepRecord;
import dev.reflex.loop.TickFlags;
import dev.reflex.network.Mlp;
import dev.reflex.network.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnBoardLearnerTest {
  static final StepRecord LAYOUT = new StepRecord(1, 1);

  /** A publisher that always succeeds and counts. */
  static final class CountingPublisher implements ActorPublisher {
    int published;

    @Override
    public boolean tryPublish(Mlp actor) {
      published++;
      return true;
    }
  }

  static final class RecordingListener implements LearningListener {
    final List<String> events = new ArrayList<>();

    @Override
    public void progress(LearningProgress progress) {}

    @Override
    public void event(String kind, String message, double value) {
      events.add(kind + ": " + message);
    }
  }

  static LearnerOptions options() {
    LearnerOptions o = LearnerOptions.defaults(Algorithm.TD3);
    o.actorHidden = new int[] {16};
    o.criticHidden = new int[] {16};
    o.batchSize = 16;
    o.replayCapacity = 5000;
    return o;
  }

  static OnBoardLearnerOptions boardOptions() {
    OnBoardLearnerOptions b = new OnBoardLearnerOptions();
    b.minReplay = 32;
    b.criticWarmupUpdates = 20;
    b.baselineEpisodes = 2;
    b.publishEveryActorUpdates = 5;
    b.scaling = ActorScaling.withActionBounds(1, new double[] {-2}, new double[] {2});
    b.checkpointPeriodS = 0;
    return b;
  }

  record Rig(
      OnBoardLearner learner,
      SpscRing ring,
      CountingPublisher publisher,
      RecordingListener listener,
      Learner inner) {}

  static Rig rig(long seed) {
    return rig(seed, 1e6);
  }

  static Rig rig(long seed, double guardMargin) {
    Learner inner = new Learner(options(), 1, 1, seed);
    SpscRing ring = new SpscRing(4096, LAYOUT.width());
    CountingPublisher pub = new CountingPublisher();
    RecordingListener listener = new RecordingListener();
    OnBoardLearner l =
        new OnBoardLearner(
            boardOptions(),
            inner,
            new ReplayBuffer(5000, 1, 1),
            ring,
            LAYOUT,
            RewardFunction.builder(1, 1).quadratic(0, 1, 0).build(),
            new EpisodeTracker(20, -1, 0, 0, 0),
            new ReturnGuard(guardMargin, 0.5, 2),
            pub,
            null,
            null,
            listener,
            System::nanoTime,
            false);
    return new Rig(l, ring, pub, listener, inner);
  }

  static void offer(SpscRing ring, long tick, int flags, double obs, double act) {
    double[] r = new double[LAYOUT.width()];
    r[StepRecord.TICK_INDEX] = tick;
    r[StepRecord.FLAGS] = flags;
    r[StepRecord.OBSERVATION] = obs;
    r[LAYOUT.actionOffset()] = act;
    ring.offer(r);
  }

  @Test
  void shouldTurnConsecutiveRecordsIntoTransitionsAndSkipFaultsAndGaps() {
    Rig rig = rig(1);
    offer(rig.ring, 0, 0, 1.0, 0.5);
    offer(rig.ring, 1, 0, 0.9, 0.5); // transition 0→1
    offer(rig.ring, 2, TickFlags.FAULTED, 0.8, 0.0); // 1→2 skipped (faulted)
    offer(rig.ring, 3, 0, 0.7, 0.5); // 2→3 skipped (faulted prev)
    offer(rig.ring, 5, 0, 0.6, 0.5); // 3→5 skipped (gap: a record was dropped)
    offer(rig.ring, 6, 0, 0.5, 0.5); // transition
    rig.learner.poll();
    assertEquals(2, rig.learner.progress().transitions);
    assertEquals(3, rig.learner.progress().skippedSteps);
    ReplayBuffer rb = rig.learner.replay();
    assertEquals(2, rb.size());
  }

  /** Feeds a 1-D plant x' = x + 0.1·a driven by the learner's own actor, reward −x². */
  static void drive(Rig rig, int ticks, long startTick, Rng rng) {
    double x = rng.uniform(-1, 1);
    double[] o = new double[1];
    double[] a = new double[1];
    for (long t = startTick; t < startTick + ticks; t++) {
      o[0] = x;
      rig.inner.act(o, a);
      double u = Math.max(-2, Math.min(2, 2 * a[0] + 0.3 * rng.nextGaussian()));
      offer(rig.ring, t, 0, x, u);
      x = Math.max(-3, Math.min(3, x + 0.1 * u));
      if (t % 20 == 19) {
        x = rng.uniform(-1, 1);
      }
      if (t % 64 == 0) {
        while (rig.learner.poll() > 0) {}
      }
    }
    while (rig.learner.poll() > 0) {}
  }

  @Test
  void shouldWarmUpTheCriticMeasureABaselineThenLearnAndPublish() {
    Rig rig = rig(2);
    drive(rig, 3000, 0, new Rng(3));
    LearningProgress p = rig.learner.progress();
    assertTrue(p.updates > 500, "updates " + p.updates);
    assertTrue(Double.isFinite(p.baselineReturn), "baseline measured");
    assertTrue(rig.inner.actorUpdates() > 0, "the actor learned after the warm-up");
    assertTrue(rig.publisher.published > 0, "new actors were published");
    assertEquals(rig.publisher.published, p.actorVersion);
    assertTrue(rig.listener.events.stream().anyMatch(e -> e.startsWith("warmup-done")));
  }

  @Test
  void shouldRollBackWhenTheCriticIsCorrupted() {
    Rig rig = rig(4);
    drive(rig, 2000, 0, new Rng(5));
    double[] good = new double[rig.inner.actor().parameters().size()];
    rig.inner.actor().parameters().flatten(good);
    // Corrupt the critic: the next updates produce non-finite losses.
    java.util.Arrays.fill(rig.inner.critics()[0].parameters().value(0).data, Double.NaN);
    drive(rig, 200, 2000, new Rng(6));
    assertTrue(
        rig.learner.progress().rollbacks >= 1,
        "rolled back; updates "
            + rig.learner.progress().updates
            + " events "
            + rig.listener.events);
    assertTrue(rig.inner.allFinite(), "every network finite again after the rollback");
    assertTrue(
        rig.listener.events.stream().anyMatch(e -> e.startsWith("rollback: non-finite")),
        rig.listener.events.toString());
  }

  @Test
  void shouldRollBackWhenTheRunningReturnFallsBelowTheBaseline() {
    Rig rig = rig(10, 0.5);
    drive(rig, 1500, 0, new Rng(11));
    long before = rig.learner.progress().rollbacks;
    // The plant turns bad: the state sits far from the setpoint, episodes return about −180.
    for (long t = 1500; t < 1600; t++) {
      offer(rig.ring, t, 0, 3.0, 0.0);
    }
    while (rig.learner.poll() > 0) {}
    assertTrue(rig.learner.progress().rollbacks > before, "rolled back");
    assertTrue(
        rig.listener.events.stream().anyMatch(e -> e.startsWith("rollback: running return")),
        rig.listener.events.toString());
  }

  @Test
  void shouldStopUpdatingWhilePausedAndRollBackToANamedVersion() {
    Rig rig = rig(7);
    drive(rig, 1500, 0, new Rng(8));
    rig.learner.pause();
    long before = rig.learner.progress().updates;
    drive(rig, 300, 1500, new Rng(9));
    assertEquals(before, rig.learner.progress().updates, "no updates while paused");
    rig.learner.resume();
    long version = rig.learner.progress().actorVersion - 2;
    assertTrue(version > 0);
    rig.learner.requestRollback(version);
    rig.learner.poll();
    assertTrue(
        rig.listener.events.stream()
            .anyMatch(e -> e.contains("rolled back to actor version " + version)),
        rig.listener.events.toString());
    rig.learner.requestRollback(12345);
    rig.learner.poll();
    assertTrue(rig.listener.events.stream().anyMatch(e -> e.startsWith("rollback-failed")));
  }

  @Test
  void shouldEndTheEpisodeAtAPlantResetAndNotLearnTheStepAcrossIt() {
    Rig rig = rig(12);
    for (long t = 0; t < 10; t++) {
      offer(rig.ring, t, 0, 0.5, 0.0); // 9 transitions of reward −0.25
    }
    offer(rig.ring, 10, TickFlags.EPISODE_START, 2.0, 0.0); // the plant put itself back
    offer(rig.ring, 11, 0, 2.0, 0.0);
    rig.learner.poll();
    LearningProgress p = rig.learner.progress();
    assertEquals(10, p.transitions, "9 before the reset, 1 after it");
    assertEquals(1, p.skippedSteps, "the step across the reset");
    assertEquals(1, p.episodes);
    assertEquals(-0.25 * 9, p.episodeReturn, 1e-12);
  }
}
