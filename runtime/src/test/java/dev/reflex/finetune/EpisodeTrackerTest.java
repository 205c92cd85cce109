package dev.reflex.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EpisodeTrackerTest {

  @Test
  void shouldTruncateAtTheTimeLimitAndThenHoldTheResetRoutine() {
    EpisodeTracker t = new EpisodeTracker(3, -1, 0, 0, 2);
    double[] o = {0};
    assertEquals(EpisodeTracker.CONTINUE, t.step(o, -1));
    assertEquals(EpisodeTracker.CONTINUE, t.step(o, -1));
    assertEquals(EpisodeTracker.TRUNCATED, t.step(o, -1));
    assertEquals(-3.0, t.lastReturn());
    assertEquals(1, t.episodes());
    assertTrue(t.consumeResetTick());
    assertTrue(t.consumeResetTick());
    assertFalse(t.consumeResetTick());
  }

  @Test
  void shouldTerminateWhenTheSignalLeavesItsRange() {
    EpisodeTracker t = new EpisodeTracker(100, 0, -2.4, 2.4, 0);
    assertEquals(EpisodeTracker.CONTINUE, t.step(new double[] {2.0}, 1));
    assertEquals(EpisodeTracker.TERMINATED, t.step(new double[] {2.5}, 1));
    assertEquals(2.0, t.lastReturn());
    assertFalse(t.resetting());
  }

  @Test
  void shouldEndTheEpisodeWhenThePlantResetsItselfAndCancelTheResetRoutine() {
    EpisodeTracker t = new EpisodeTracker(0, -1, 0, 0, 5);
    double[] o = {0};
    assertFalse(t.endByPlant(), "no transition yet: nothing to end");
    t.step(o, -1);
    t.step(o, -2);
    assertTrue(t.endByPlant());
    assertEquals(-3.0, t.lastReturn());
    assertEquals(1, t.episodes());
    assertFalse(t.resetting(), "the plant has reset itself: no reset routine");
    assertFalse(t.endByPlant(), "two resets in a row end one episode");
    assertEquals(1, t.episodes());
  }
}
