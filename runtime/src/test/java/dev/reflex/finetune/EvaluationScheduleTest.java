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
