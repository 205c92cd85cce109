package dev.reflex.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.finetune.OnBoardLearnerTest.CountingPublisher;
import dev.reflex.finetune.OnBoardLearnerTest.RecordingListener;
import dev.reflex.learning.Learner;
import dev.reflex.learning.ReplayBuffer;
import dev.reflex.loop.SpscRing;
import dev.reflex.network.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The evaluating guard: noise-free evaluation phases with the actor frozen, the first one the
 * starting actor's baseline, the best evaluated actor kept, an evaluation that falls below the best
 * rolling the actor (only the actor) back.
 */
class OnBoardLearnerEvaluationTest {
  static final int EPISODE_TICKS = 20;

  final Learner inner = new Learner(OnBoardLearnerTest.options(), 1, 1, 21);
  final SpscRing ring = new SpscRing(4096, OnBoardLearnerTest.LAYOUT.width());
  final CountingPublisher publisher = new CountingPublisher();
  final RecordingListener listener = new RecordingListener();
  final Exploration exploration = new Exploration(1, false, 0, 0.2, 0.5, null, null, 3);
  final OnBoardLearner learner;
  long tick;

  OnBoardLearnerEvaluationTest() {
    OnBoardLearnerOptions b = OnBoardLearnerTest.boardOptions();
    b.evalEveryEpisodes = 2;
    b.evalEpisodes = 2;
    learner =
        new OnBoardLearner(
            b,
            inner,
            new ReplayBuffer(5000, 1, 1),
            ring,
            OnBoardLearnerTest.LAYOUT,
            RewardFunction.builder(1, 1).quadratic(0, 1, 0).build(),
            new EpisodeTracker(EPISODE_TICKS, -1, 0, 0, 0),
            new ReturnGuard(0.1, 0.5, 2),
            publisher,
            exploration,
            null,
            listener,
            System::nanoTime,
            false);
  }

  /** One record of the plant at x, then a poll, as the learner thread would see it. */
  void step(double x, double u) {
    OnBoardLearnerTest.offer(ring, tick++, 0, x, u);
    while (learner.poll() > 0) {
      // drain and learn
    }
  }

  /** Records of the plant at a fixed x until the learner leaves (or enters) an evaluation. */
  void stepUntilEvaluating(boolean evaluating, double x, Rng rng, int maxTicks) {
    for (int i = 0; i < maxTicks && learner.evaluating() != evaluating; i++) {
      step(Double.isNaN(x) ? rng.uniform(-1, 1) : x, rng.uniform(-2, 2));
    }
    assertEquals(evaluating, learner.evaluating(), "evaluating after " + maxTicks + " ticks");
  }

  double[] flat(dev.reflex.network.Parameters p) {
    double[] v = new double[p.size()];
    p.flatten(v);
    return v;
  }

  static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }

  @Test
  void shouldMeasureTheBaselineWithoutNoiseThenExploreAndLearn() {
    assertTrue(learner.evaluating(), "the first episodes evaluate the starting actor");
    assertTrue(exploration.suspended(), "no noise while evaluating");
    assertTrue(exploration.enabled(), "the remote switch is left alone");
    Rng rng = new Rng(5);
    for (int i = 0; i < 2 * EPISODE_TICKS; i++) {
      step(0.5, 0.3);
    }
    assertTrue(learner.evaluating(), "two episodes of 20 transitions need 41 records");
    assertTrue(learner.replay().size() > 32, "enough transitions to learn from");
    assertEquals(0, learner.progress().updates, "no updates while evaluating");
    step(0.5, 0.3);
    assertEquals(-0.25 * EPISODE_TICKS, learner.progress().evalReturn, 1e-9);
    assertEquals(1, learner.progress().evaluations);
    assertFalse(exploration.suspended(), "exploring again after the evaluation");
    assertTrue(listener.events.stream().anyMatch(e -> e.startsWith("baseline")));
    stepUntilEvaluating(true, Double.NaN, rng, 3000);
    assertTrue(inner.actorUpdates() > 0, "the actor learned before the next evaluation");
    long updates = learner.progress().updates;
    for (int i = 0; i < EPISODE_TICKS; i++) {
      step(0.5, 0);
    }
    assertEquals(updates, learner.progress().updates, "the actor is frozen while evaluated");
  }

  @Test
  void shouldKeepTheBestEvaluatedActorAndRollOnlyTheActorBackWhenAnEvaluationFalls() {
    Rng rng = new Rng(6);
    stepUntilEvaluating(false, 0.5, rng, 3 * EPISODE_TICKS); // baseline −5
    stepUntilEvaluating(true, Double.NaN, rng, 3000);
    // This actor evaluates better (about −1.25): the new best, kept as the last good actor.
    stepUntilEvaluating(false, 0.25, rng, 3 * EPISODE_TICKS);
    assertTrue(
        listener.events.stream().anyMatch(e -> e.startsWith("best")), listener.events.toString());
    double[] best = flat(inner.actor().parameters());
    double[] criticAtBest = flat(inner.critics()[0].parameters());
    stepUntilEvaluating(true, Double.NaN, rng, 3000);
    double[] moved = flat(inner.actor().parameters());
    double[] criticBeforeEvaluation = flat(inner.critics()[0].parameters());
    assertFalse(Arrays.equals(best, moved), "the actor learned on");
    // This one evaluates far worse (about −20, below the best minus 10 %): roll back to the best.
    stepUntilEvaluating(false, 1.0, rng, 3 * EPISODE_TICKS);
    assertEquals(1, learner.progress().rollbacks);
    assertTrue(
        listener.events.stream().anyMatch(e -> e.startsWith("rollback: evaluation return")),
        listener.events.toString());
    assertArrayEquals(best, flat(inner.actor().parameters()), "the best actor is back");
    // The critic was not rolled back with the actor: it is where it was before this evaluation
    // (give or take the update that follows the rollback in the same poll), far from where it was
    // when the best actor was kept.
    double[] criticNow = flat(inner.critics()[0].parameters());
    assertTrue(
        distance(criticNow, criticBeforeEvaluation) < distance(criticNow, criticAtBest),
        "critic kept what it learned since the best actor");
    assertTrue(publisher.published > 0);
    // restoreBestActor puts the same best actor back after more learning.
    stepUntilEvaluating(true, Double.NaN, rng, 3000);
    learner.restoreBestActor();
    assertArrayEquals(best, flat(inner.actor().parameters()));
  }

  @Test
  void shouldNeitherEvaluateNorRollBackWhilePausedByTheOperator() {
    Rng rng = new Rng(7);
    stepUntilEvaluating(false, 0.5, rng, 3 * EPISODE_TICKS); // baseline −5
    stepUntilEvaluating(true, Double.NaN, rng, 3000); // learned; this actor is being evaluated
    learner.pause();
    double[] frozen = flat(inner.actor().parameters());
    for (int i = 0; i < 10 * EPISODE_TICKS; i++) {
      step(1.0, 0); // episodes far worse than the baseline: would roll back if not paused
    }
    assertFalse(learner.evaluating(), "the evaluation in progress was abandoned");
    assertEquals(0, learner.progress().rollbacks);
    assertArrayEquals(frozen, flat(inner.actor().parameters()), "the actor stays as it is");
  }
}
