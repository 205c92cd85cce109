package dev.reflex.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.testing.Allocations;
import org.junit.jupiter.api.Test;

class ExplorationTest {
  static final double[] LOW = {-2};
  static final double[] HIGH = {2};

  @Test
  void shouldNeverExceedTheCapOrTheBounds() {
    Exploration e = new Exploration(1, false, 0, 0.5, 0.1, null, null, 1);
    double[] obs = {0};
    double maxDev = 0;
    for (int i = 0; i < 10_000; i++) {
      double[] a = {0.0};
      assertTrue(e.perturb(obs, a, LOW, HIGH));
      maxDev = Math.max(maxDev, Math.abs(a[0]));
      double[] edge = {2.0};
      e.perturb(obs, edge, LOW, HIGH);
      assertTrue(edge[0] <= 2.0);
    }
    // cap 0.1 in scaled units = 0.2 in physical units for bounds ±2.
    assertTrue(maxDev <= 0.2 + 1e-12, "max deviation " + maxDev);
    assertTrue(maxDev > 0.19, "the cap is reached with σ = 0.5: " + maxDev);
  }

  @Test
  void shouldNotExploreOutsideTheSafeRegionOrWhenSwitchedOff() {
    Exploration e =
        new Exploration(1, true, 0.15, 0.1, 0.3, new double[] {-1}, new double[] {1}, 2);
    double[] a = {0.5};
    assertFalse(e.perturb(new double[] {1.5}, a, LOW, HIGH));
    assertArrayEquals(new double[] {0.5}, a);
    assertEquals(1, e.suppressed());
    assertTrue(e.perturb(new double[] {0.5}, a, LOW, HIGH));
    e.setEnabled(false);
    double[] b = {0.5};
    assertFalse(e.perturb(new double[] {0.5}, b, LOW, HIGH));
    assertArrayEquals(new double[] {0.5}, b);
  }

  @Test
  void shouldRejectAScaleAboveTheCap() {
    Exploration e = new Exploration(1, false, 0, 0.1, 0.3, null, null, 3);
    assertThrows(IllegalArgumentException.class, () -> e.setScale(0.5));
    e.setScale(0.2);
    assertEquals(0.2, e.scale());
  }

  @Test
  void shouldAllocateNothingPerTick() {
    Exploration e =
        new Exploration(2, true, 0.15, 0.2, 0.5, new double[] {-5, -5}, new double[] {5, 5}, 4);
    double[] obs = {0, 1};
    double[] a = {0, 0};
    double[] lo = {-1, -1};
    double[] hi = {1, 1};
    assertEquals(0, Allocations.measure(10_000, 100_000, () -> e.perturb(obs, a, lo, hi)));
  }
}
