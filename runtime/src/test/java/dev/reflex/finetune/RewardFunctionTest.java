package dev.reflex.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.testing.Allocations;
import org.junit.jupiter.api.Test;

class RewardFunctionTest {

  @Test
  void shouldComputeTheQuadraticCostOnObservationAndActionSignals() {
    // obs = [angle, speed], action = [voltage]
    RewardFunction r =
        RewardFunction.builder(2, 1)
            .quadratic(0, 1.0, 0.5)
            .quadratic(1, 0.1, 0)
            .quadratic(2, 0.01, 0)
            .build();
    double got = r.reward(new double[] {1.5, 2.0}, new double[] {3.0});
    assertEquals(-(1.0 * 1.0 + 0.1 * 4.0 + 0.01 * 9.0), got, 1e-12);
  }

  @Test
  void shouldAddTheBandBonusAndTheLimitPenalty() {
    RewardFunction r =
        RewardFunction.builder(1, 1).band(0, -0.1, 0.1, 2.0).limit(1, -12, 12, 5.0).build();
    assertEquals(2.0, r.reward(new double[] {0.05}, new double[] {0}), 1e-12);
    assertEquals(0.0, r.reward(new double[] {0.5}, new double[] {0}), 1e-12);
    assertEquals(-5.0, r.reward(new double[] {0.5}, new double[] {12}), 1e-12);
    assertEquals(-3.0, r.reward(new double[] {0.0}, new double[] {-12}), 1e-12);
  }

  @Test
  void shouldMoveTheSetpointOfQuadraticTerms() {
    RewardFunction r = RewardFunction.builder(1, 1).quadratic(0, 1, 0).build();
    assertTrue(r.setSetpoint(0, 2.0));
    assertEquals(0.0, r.reward(new double[] {2.0}, new double[] {0}), 1e-12);
    assertFalse(r.setSetpoint(1, 3.0));
  }

  @Test
  void shouldRejectABadSignalIndexOrWeight() {
    assertThrows(
        IllegalArgumentException.class, () -> RewardFunction.builder(1, 1).quadratic(2, 1, 0));
    assertThrows(
        IllegalArgumentException.class, () -> RewardFunction.builder(1, 1).quadratic(0, -1, 0));
    assertThrows(
        IllegalArgumentException.class, () -> RewardFunction.builder(1, 1).band(0, 1, 0, 1));
  }

  @Test
  void shouldAllocateNothingPerEvaluation() {
    RewardFunction r =
        RewardFunction.builder(3, 1).quadratic(0, 1, 0).band(1, 0, 1, 1).limit(3, -2, 2, 1).build();
    double[] o = {0.1, 0.2, 0.3};
    double[] a = {0.4};
    double[] sink = new double[1];
    assertEquals(0, Allocations.measure(10_000, 100_000, () -> sink[0] += r.reward(o, a)));
  }
}
