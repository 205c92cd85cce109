package dev.reflex.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RngTest {
  @Test
  void shouldRestartInPlaceExactlyAsANewGeneratorWithTheSameSeed() {
    Rng reused = new Rng(1);
    reused.nextGaussian(); // leaves a cached spare that setSeed must drop
    reused.setSeed(42);
    Rng fresh = new Rng(42);
    for (int i = 0; i < 100; i++) {
      assertEquals(fresh.nextLong(), reused.nextLong());
      assertEquals(fresh.nextGaussian(), reused.nextGaussian(), 0.0);
    }
  }

  @Test
  void shouldResumeTheSameStreamFromASavedState() {
    Rng a = new Rng(7);
    a.nextGaussian();
    long[] state = new long[6];
    a.saveState(state);
    Rng b = new Rng(0);
    b.restoreState(state);
    for (int i = 0; i < 100; i++) {
      assertEquals(a.nextGaussian(), b.nextGaussian(), 0.0);
      assertEquals(a.nextInt(10), b.nextInt(10));
    }
  }

  @Test
  void shouldDrawStandardNormalsAndUnitUniforms() {
    Rng r = new Rng(3);
    int n = 200_000;
    double sum = 0;
    double sumSq = 0;
    double uniformSum = 0;
    for (int i = 0; i < n; i++) {
      double g = r.nextGaussian();
      sum += g;
      sumSq += g * g;
      double u = r.nextDouble();
      assertTrue(u >= 0 && u < 1);
      uniformSum += u;
    }
    // Standard errors: mean 1/sqrt(n) ~ 0.0022, variance sqrt(2/n) ~ 0.0032, uniform mean ~
    // 0.00065.
    assertEquals(0.0, sum / n, 0.01);
    assertEquals(1.0, sumSq / n - (sum / n) * (sum / n), 0.015);
    assertEquals(0.5, uniformSum / n, 0.003);
  }
}
