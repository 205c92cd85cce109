package dev.reflex.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LoopScheduleTest {

  @Test
  void shouldPlaceDeadlinesAtStartPlusWholePeriods() {
    LoopSchedule s = new LoopSchedule(2_500_000);
    s.start(10_000);
    assertEquals(10_000, s.deadlineNs());
    s.advance();
    s.advance();
    assertEquals(10_000 + 2 * 2_500_000, s.deadlineNs());
    assertEquals(10_000 + 7 * 2_500_000L, s.deadlineNs(7));
    assertEquals(2, s.periodIndex());
  }

  @Test
  void shouldNotSkipWhenLessThanOnePeriodLate() {
    LoopSchedule s = new LoopSchedule(1000);
    s.start(0);
    assertEquals(0, s.skipMissed(999));
    assertEquals(0, s.periodIndex());
  }

  @Test
  void shouldSkipToFirstFutureDeadlineWhenAPeriodOrMoreLate() {
    LoopSchedule s = new LoopSchedule(1000);
    s.start(0);
    s.advance(); // period 1, deadline 1000
    // Now 3500: periods 1, 2 and 3 are skipped, next deadline 4000 is the first > now.
    assertEquals(3, s.skipMissed(3500));
    assertEquals(4, s.periodIndex());
    assertEquals(4000, s.deadlineNs());
  }

  @Test
  void shouldSkipPastADeadlineThatEqualsNow() {
    LoopSchedule s = new LoopSchedule(1000);
    s.start(0);
    assertEquals(3, s.skipMissed(2000)); // deadline 2000 is not > 2000: go to 3000
    assertEquals(3000, s.deadlineNs());
  }

  @Test
  void shouldRejectNonPositivePeriod() {
    assertThrows(IllegalArgumentException.class, () -> new LoopSchedule(0));
  }
}
