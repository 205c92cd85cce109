package dev.reflex.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActorScalingTest {
  private final ActorScaling s =
      new ActorScaling(
          new double[] {1, -2},
          new double[] {2, 0.5},
          3,
          new double[] {-2, 0},
          new double[] {2, 10});

  @Test
  void shouldNormaliseAndClipEachObservationEntry() {
    double[] out = new double[2];
    s.normalise(new double[] {4, -1.5}, out);
    assertArrayEquals(new double[] {1.5, 1.0}, out, 0.0);
    s.normalise(new double[] {100, -100}, out);
    assertArrayEquals(new double[] {3, -3}, out, 0.0, "clipped to ±obsClip");
    assertEquals((7.0 - 1) / 2, s.normalise(0, 7.0), 0.0);
  }

  @Test
  void shouldLeaveObservationsBitForBitAloneWithoutNormalisation() {
    ActorScaling none = ActorScaling.identity(3, 1);
    double[] obs = {-0.0, 1e-300, -123.456789};
    double[] out = new double[3];
    none.normalise(obs, out);
    for (int i = 0; i < obs.length; i++) {
      assertEquals(Double.doubleToRawLongBits(obs[i]), Double.doubleToRawLongBits(out[i]));
    }
    assertTrue(Double.isNaN(none.normalise(0, Double.NaN)));
  }

  @Test
  void shouldMapTheUnitIntervalToTheBoundsAndBack() {
    assertEquals(-2, s.unscaleAction(0, -1), 0.0);
    assertEquals(2, s.unscaleAction(0, 1), 0.0);
    assertEquals(5, s.unscaleAction(1, 0), 0.0);
    assertEquals(12, s.unscaleAction(1, 1.4), 1e-12, "unclamped");
    assertEquals(10, s.unscaleActionClamped(1, 1.4), 0.0, "clamped to high");
    assertEquals(0, s.unscaleActionClamped(1, -3), 0.0, "clamped to low");
    assertTrue(Double.isNaN(s.unscaleActionClamped(0, Double.NaN)));
    double[] physical = new double[2];
    s.unscaleAction(new double[] {0.25, -0.5}, physical);
    double[] back = new double[2];
    s.scaleAction(physical, back);
    assertArrayEquals(new double[] {0.25, -0.5}, back, 1e-15);
    assertEquals(1, s.scaleAction(1, 25), 0.0, "clipped to 1");
    assertEquals(-1, s.scaleAction(0, -9), 0.0, "clipped to -1");
  }

  @Test
  void shouldRejectBadNumbersNamingTheField() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ActorScaling(
                    new double[] {0}, new double[] {0}, 1, new double[] {0}, new double[] {1}));
    assertTrue(e.getMessage().contains("obs_std[0]"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ActorScaling.withActionBounds(1, new double[] {1}, new double[] {1}));
    assertTrue(e.getMessage().contains("low < high"), e.getMessage());
  }
}
