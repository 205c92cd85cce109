package dev.reflex.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoopStatsTest {

  @Test
  void shouldHandOutIntervalsAndKeepCumulativeTotals() {
    LoopStats stats = new LoopStats();
    LoopStatsSnapshot snap = new LoopStatsSnapshot();
    stats.record(LoopStats.LATENESS, 1_000);
    stats.record(LoopStats.LATENESS, 3_000);
    stats.countTick();
    stats.countMissedPeriods(4);
    stats.sampleInterval(snap);
    Histogram first = snap.histogram(LoopStats.LATENESS);
    assertEquals(2, first.getTotalCount());
    assertEquals(1, snap.ticks());
    assertEquals(4, snap.missedPeriods());
    stats.record(LoopStats.LATENESS, 2_000);
    stats.sampleInterval(snap);
    assertEquals(1, snap.histogram(LoopStats.LATENESS).getTotalCount());
    assertEquals(3, stats.cumulative(LoopStats.LATENESS).getTotalCount());
  }

  @Test
  void shouldClampOutOfRangeValuesInsteadOfThrowing() {
    LoopStats stats = new LoopStats();
    stats.record(LoopStats.TICK, -5);
    stats.record(LoopStats.TICK, Long.MAX_VALUE);
    stats.sampleInterval(new LoopStatsSnapshot());
    Histogram h = stats.cumulative(LoopStats.TICK);
    assertEquals(2, h.getTotalCount());
    assertTrue(h.getMaxValue() >= LoopStats.HIGHEST_NS);
  }

  @Test
  void shouldSummariseLatenessAndPhasesInMicroseconds() {
    LoopStats stats = new LoopStats();
    for (int i = 0; i < 1000; i++) {
      stats.record(LoopStats.LATENESS, 10_000);
      stats.recordPhases(1_000, 2_000, 500, 1_500);
      stats.countTick();
    }
    String summary = stats.summary();
    assertTrue(summary.startsWith("ticks 1000, missed periods 0"), summary);
    assertTrue(summary.contains("lateness       10.0"), summary);
    assertTrue(summary.contains("infer           2.0"), summary);
  }
}
