package dev.reflex.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EvaluationScheduleTest {

  @Test
  void shouldEvaluateEveryNLearningEpisodesAndAverageTheEvaluation() {
    EvaluationSchedule s = new EvaluationSchedule(3, 2);
    assertTrue(s.enabled());
    assertEquals(EvaluationSchedule.CONTINUE, s.episodeEnded(-9, false), "not learning: no count");
    assertEquals(EvaluationSchedule.CONTINUE, s.episodeEnded(-9, true));
    assertEquals(EvaluationSchedule.CONTINUE, s.episodeEnded(-9, true));
    assertEquals(EvaluationSchedule.BEGIN, s.episodeEnded(-9, true), "the third learning episode");
    s.begin();
    assertTrue(s.evaluating());
    assertEquals(EvaluationSchedule.CONTINUE, s.episodeEnded(-10, true));
    assertEquals(EvaluationSchedule.FINISHED, s.episodeEnded(-20, true));
    assertEquals(-15.0, s.mean());
    assertEquals(2, s.count());
    s.end();
    assertFalse(s.evaluating());
    assertEquals(EvaluationSchedule.CONTINUE, s.episodeEnded(-9, true), "the count restarted");
  }

  @Test
  void shouldAlternateIncumbentAndCandidateAndHandEachPairToTheGuard() {
    EvaluationSchedule s = new EvaluationSchedule(1, 3);
    PairedGuard g = new PairedGuard(3, 0.1, 0.05);
    g.add(0, 0); // left over from an earlier evaluation: begin clears it
    s.begin(g);
    assertTrue(s.paired());
    assertEquals(0, g.pairs());
    double[] incumbent = {-100, -120, -90};
    double[] candidate = {-80, -95, -75};
    for (int i = 0; i < 3; i++) {
      assertTrue(s.nextIsIncumbent(), "pair " + i + " starts with the incumbent");
      assertFalse(s.nextRepeatsResetState());
      assertEquals(EvaluationSchedule.CONTINUE, s.episodeEnded(incumbent[i], false));
      assertFalse(s.nextIsIncumbent());
      assertTrue(s.nextRepeatsResetState(), "the candidate starts where the incumbent did");
      assertEquals(
          i == 2 ? EvaluationSchedule.FINISHED : EvaluationSchedule.CONTINUE,
          s.episodeEnded(candidate[i], false));
    }
    assertEquals(3, g.pairs());
    assertEquals(20.0, g.meanDifference(), 1e-12);
    assertEquals(-250.0 / 3, s.mean(), 1e-12, "the candidate's mean");
    s.end();
    assertFalse(s.nextIsIncumbent(), "no evaluation, no incumbent episode");
    s.begin();
    assertFalse(s.paired(), "an unpaired evaluation (the baseline) after a paired one");
  }

  @Test
  void shouldBeginAfterTheCurrentEpisodeWhenRequested() {
    EvaluationSchedule s = new EvaluationSchedule(100, 1);
    s.request();
    assertEquals(EvaluationSchedule.BEGIN, s.episodeEnded(-1, false));
    assertEquals(EvaluationSchedule.CONTINUE, s.episodeEnded(-1, false), "once");
  }

  @Test
  void shouldBeOffWithZeroAndRefuseNoEpisodes() {
    assertFalse(new EvaluationSchedule(0, 2).enabled());
    assertThrows(IllegalArgumentException.class, () -> new EvaluationSchedule(3, 0));
  }
}
