package dev.reflex.plant.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ActuationDelayTest {

  @Test
  void shouldReturnTheActionCommandedDelayStepsAgo() {
    for (int d = 0; d <= 5; d++) {
      ActuationDelay delay = new ActuationDelay(2);
      delay.setDelaySteps(d);
      double[] out = new double[2];
      for (int k = 0; k < 20; k++) {
        delay.push(new double[] {k + 1, -(k + 1)}, out);
        double expected = k < d ? 0.0 : k + 1 - d;
        assertEquals(expected, out[0], 0.0, "delay " + d + " step " + k);
        assertEquals(-expected, out[1], 0.0);
      }
    }
  }

  @Test
  void shouldRejectDelaysOutsideTheRing() {
    ActuationDelay delay = new ActuationDelay(1);
    assertThrows(IllegalArgumentException.class, () -> delay.setDelaySteps(-1));
    assertThrows(
        IllegalArgumentException.class,
        () -> delay.setDelaySteps(ActuationDelay.MAX_DELAY_STEPS + 1));
  }
}
