package dev.reflex.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReturnGuardTest {

  @Test
  void shouldRollBackWhenTheRunningReturnFallsBelowTheMargin() {
    ReturnGuard g = new ReturnGuard(0.2, 0.5, 2);
    g.setBaseline(-200);
    assertEquals(-240, g.threshold(), 1e-12);
    g.episode(-300);
    assertFalse(g.shouldRollBack(true), "one episode is not enough for a verdict");
    g.episode(-300);
    assertTrue(g.shouldRollBack(true));
    g.resetRunning();
    g.episode(-210);
    g.episode(-190);
    assertFalse(g.shouldRollBack(true));
  }

  @Test
  void shouldRaiseTheBarToTheBestRunningReturn() {
    ReturnGuard g = new ReturnGuard(0.2, 1.0, 1);
    g.setBaseline(-200);
    assertTrue(g.episode(-100), "a new best");
    assertEquals(-120, g.threshold(), 1e-12);
    assertFalse(g.episode(-110));
    assertFalse(g.shouldRollBack(true));
    g.episode(-130);
    assertTrue(
        g.shouldRollBack(true), "fell more than 20 % below the best, though above the start");
  }

  @Test
  void shouldRollBackAtOnceOnNonFiniteWeights() {
    ReturnGuard g = new ReturnGuard(0.2, 0.5, 5);
    assertTrue(g.shouldRollBack(false));
  }

  @Test
  void shouldNotJudgeWithoutABaseline() {
    ReturnGuard g = new ReturnGuard(0.1, 1, 1);
    g.episode(-1e9);
    assertFalse(g.shouldRollBack(true));
  }
}
