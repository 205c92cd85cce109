package dev.reflex.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.learning.Learner;
import dev.reflex.network.Optimizer;
import org.junit.jupiter.api.Test;

class CriticWarmupTest {

  @Test
  void shouldEndAfterTheFixedCountWithoutASettleTolerance() {
    CriticWarmup w = new CriticWarmup(3, 0, 0);
    assertFalse(w.done());
    assertFalse(w.criticUpdated(9));
    assertFalse(w.criticUpdated(9));
    assertTrue(w.criticUpdated(9));
    assertTrue(w.done());
    assertTrue(new CriticWarmup(0, 0.1, 0).done(), "no warm-up at all");
  }

  @Test
  void shouldWaitForTheTdLossToSettleWithinThreeTimesTheCount() {
    int n = CriticWarmup.WINDOW;
    CriticWarmup settled = new CriticWarmup(n, 0.1, 0);
    for (int i = 0; i < 2 * n - 1; i++) {
      assertFalse(settled.criticUpdated(4.0), "update " + i);
    }
    assertTrue(settled.criticUpdated(4.0), "the second window's mean equals the first's");
    assertEquals(2 * n, settled.updates());

    CriticWarmup falling = new CriticWarmup(n, 0.1, 0);
    double loss = 100;
    int updates = 0;
    while (!falling.criticUpdated(loss)) {
      loss *= 0.999; // about −22 % per window: never settled
      updates++;
    }
    assertEquals(3 * n - 1, updates, "stops at three times the count");
  }

  @Test
  void shouldRampTheActorRateFromATenthToTheConfiguredRate() {
    Learner l = new Learner(OnBoardLearnerTest.options(), 1, 1, 3);
    Optimizer actor = l.actorOptimizer();
    double base = actor.learningRate();
    CriticWarmup w = new CriticWarmup(0, 0, 10);
    w.beforeActorUpdate(actor);
    assertEquals(0.1 * base, actor.learningRate(), 1e-15);
    for (int i = 1; i < 10; i++) {
      w.beforeActorUpdate(actor);
      assertTrue(actor.learningRate() < base, "update " + i);
    }
    w.beforeActorUpdate(actor);
    assertEquals(base, actor.learningRate(), 0.0);
    w.beforeActorUpdate(actor);
    assertEquals(base, actor.learningRate(), 0.0, "and stays there");
  }

  @Test
  void shouldSkipWarmUpAndRampWhenResumed() {
    Learner l = new Learner(OnBoardLearnerTest.options(), 1, 1, 3);
    double base = l.actorOptimizer().learningRate();
    CriticWarmup w = new CriticWarmup(1000, 0.1, 100);
    w.skip();
    assertTrue(w.done());
    w.beforeActorUpdate(l.actorOptimizer());
    assertEquals(base, l.actorOptimizer().learningRate(), 0.0);
  }

  @Test
  void shouldTellTheEndOfTheWarmUpOnceWhileCriticOnlyUpdatesGoOn() {
    CriticWarmup w = new CriticWarmup(2, 0, 0);
    assertFalse(w.criticUpdated(1));
    assertTrue(w.criticUpdated(1), "the update that ended it");
    for (int i = 0; i < 10; i++) {
      // critic-only updates until the baseline is measured
      assertFalse(w.criticUpdated(1), "told again at update " + (3 + i));
    }
    assertTrue(w.done());
    assertEquals(12, w.updates());
  }

  @Test
  void shouldRefuseNegativeSettings() {
    assertThrows(IllegalArgumentException.class, () -> new CriticWarmup(-1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new CriticWarmup(1, -0.1, 0));
  }
}
