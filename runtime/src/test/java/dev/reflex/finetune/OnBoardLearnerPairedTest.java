package dev.reflex.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.finetune.OnBoardLearnerTest.RecordingListener;
import dev.reflex.learning.Learner;
import dev.reflex.learning.ReplayBuffer;
import dev.reflex.loop.SpscRing;
import dev.reflex.network.Mlp;
import dev.reflex.network.Parameters;
import dev.reflex.network.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The paired guard on the board: after the baseline, each evaluation alternates the incumbent (the
 * last good actor) and the candidate (the learner's actor) episode by episode, asks for the
 * incumbent's reset state for the candidate's episode, promotes a candidate that is better on every
 * pair and rolls back one that is worse on every pair. The test's plant records fixed states, so
 * each episode's return is the test's choice.
 */
class OnBoardLearnerPairedTest {
  static final int EPISODE_TICKS = 20;

  /** Keeps the weights of the latest actor it was handed. */
  static final class LastPublisher implements ActorPublisher {
    double[] last;

    @Override
    public boolean tryPublish(Mlp actor) {
      last = flat(actor.parameters());
      return true;
    }
  }

  final Learner inner = new Learner(OnBoardLearnerTest.options(), 1, 1, 23);
  final SpscRing ring = new SpscRing(4096, OnBoardLearnerTest.LAYOUT.width());
  final LastPublisher publisher = new LastPublisher();
  final RecordingListener listener = new RecordingListener();
  final OnBoardLearner learner;
  final Rng rng = new Rng(9);
  long tick;

  OnBoardLearnerPairedTest() {
    OnBoardLearnerOptions b = OnBoardLearnerTest.boardOptions();
    b.evalEveryEpisodes = 2;
    b.evalEpisodes = 3;
    b.evalPromoteLevel = 0.1;
    b.evalRollbackLevel = 0.05;
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
            new Exploration(1, false, 0, 0.2, 0.5, null, null, 3),
            null,
            listener,
            System::nanoTime,
            false);
  }

  static double[] flat(Parameters p) {
    double[] v = new double[p.size()];
    p.flatten(v);
    return v;
  }

  /** Records at x (NaN: random) until the learner counts one more episode. */
  void episode(double x) {
    long n = learner.progress().episodes;
    for (int i = 0; i < 3 * EPISODE_TICKS && learner.progress().episodes == n; i++) {
      OnBoardLearnerTest.offer(
          ring, tick++, 0, Double.isNaN(x) ? rng.uniform(-1, 1) : x, rng.uniform(-2, 2));
      while (learner.poll() > 0) {
        // drain and learn
      }
    }
    assertEquals(n + 1, learner.progress().episodes, "one episode");
  }

  void learnUntilEvaluating() {
    for (int i = 0; i < 100 && !learner.evaluating(); i++) {
      episode(Double.NaN);
    }
    assertTrue(learner.evaluating());
  }

  /** One paired evaluation: incumbent episodes at {@code xInc[i]}, candidate ones at xCand[i]. */
  void pairedEvaluation(double[] incumbent, double[] xInc, double[] xCand) {
    double[] candidate = flat(inner.actor().parameters());
    assertFalse(Arrays.equals(incumbent, candidate), "the learner moved the actor");
    for (int i = 0; i < xInc.length; i++) {
      assertArrayEquals(incumbent, publisher.last, "pair " + i + ": the incumbent in control");
      assertFalse(learner.nextEpisodeRepeatsResetState());
      episode(xInc[i]);
      assertArrayEquals(candidate, publisher.last, "pair " + i + ": the candidate in control");
      assertTrue(learner.nextEpisodeRepeatsResetState(), "from the incumbent's reset state");
      episode(xCand[i]);
    }
    assertFalse(learner.evaluating());
  }

  @Test
  void shouldPromoteACandidateBetterOnEveryPairAndRollBackOneWorseOnEveryPair() {
    double[] start = flat(inner.actor().parameters());
    for (int i = 0; i < 3; i++) {
      episode(0.5); // the baseline: three unpaired episodes of the starting actor
    }
    assertFalse(learner.evaluating());
    learnUntilEvaluating();
    double[] promoted = flat(inner.actor().parameters());
    pairedEvaluation(start, new double[] {0.5, 0.6, 0.4}, new double[] {0.3, 0.4, 0.25});
    assertTrue(
        listener.events.stream().anyMatch(e -> e.startsWith("best: paired evaluation")),
        listener.events.toString());
    assertEquals(0, learner.progress().rollbacks);

    learnUntilEvaluating();
    // the promoted candidate is the incumbent now; this candidate is worse on every pair
    pairedEvaluation(promoted, new double[] {0.3, 0.4, 0.25}, new double[] {0.6, 0.7, 0.55});
    assertEquals(1, learner.progress().rollbacks);
    assertTrue(
        listener.events.stream().anyMatch(e -> e.startsWith("rollback: paired evaluation")),
        listener.events.toString());
    assertArrayEquals(promoted, flat(inner.actor().parameters()), "the incumbent is back");
    assertArrayEquals(promoted, publisher.last, "and in control");
  }

  @Test
  void shouldKeepLearningWhenThePairsGiveNoEvidence() {
    double[] start = flat(inner.actor().parameters());
    for (int i = 0; i < 3; i++) {
      episode(0.5);
    }
    learnUntilEvaluating();
    double[] candidate = flat(inner.actor().parameters());
    // better on one pair, worse on two: no evidence either way
    pairedEvaluation(start, new double[] {0.5, 0.5, 0.5}, new double[] {0.2, 0.55, 0.6});
    assertEquals(0, learner.progress().rollbacks);
    assertTrue(
        listener.events.stream().anyMatch(e -> e.startsWith("evaluation: paired evaluation")),
        listener.events.toString());
    assertArrayEquals(candidate, flat(inner.actor().parameters()), "the candidate goes on");
    learnUntilEvaluating();
    assertArrayEquals(start, publisher.last, "the starting actor is still the incumbent");
  }
}
