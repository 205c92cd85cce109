package dev.reflex.telemetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class TelemetryFeedTest {

  @Test
  void shouldLaySignalsOutAsTimestampObservationActionReward() {
    TelemetryFeed feed = new TelemetryFeed(3, 1, 16, 4, 4);
    feed.signals(1000, new double[] {0.1, 0.2, 0.3}, new double[] {-1.5}, 0.25);
    double[] out = new double[6];
    assertTrue(feed.signalRing().poll(out));
    assertArrayEquals(new double[] {1000, 0.1, 0.2, 0.3, -1.5, 0.25}, out);
  }

  @Test
  void shouldLayLearningOutByFieldIndex() {
    TelemetryFeed feed = new TelemetryFeed(1, 1, 16, 4, 4);
    feed.learning(5, 100, 0.5, -2.0, 2.0, -120.0, 0.3, 0.75, 7, 1, -95.5, 4, true);
    feed.learning(6, 101, 0.5, -2.0, 2.0, -120.0, 0.3, 0.75, 7, 1, Double.NaN, 0, false);
    double[] out = new double[TelemetryFeed.LEARNING_WIDTH];
    assertTrue(feed.learningRing().poll(out));
    assertEquals(100, out[TelemetryFeed.L_UPDATES]);
    assertEquals(-120.0, out[TelemetryFeed.L_EPISODE_RETURN]);
    assertEquals(7, out[TelemetryFeed.L_ACTOR_VERSION]);
    assertEquals(1, out[TelemetryFeed.L_ROLLBACKS]);
    assertEquals(-95.5, out[TelemetryFeed.L_EVAL_RETURN]);
    assertEquals(4, out[TelemetryFeed.L_EVALUATIONS]);
    assertEquals(1, out[TelemetryFeed.L_EVALUATING]);
    assertTrue(feed.learningRing().poll(out));
    assertTrue(Double.isNaN(out[TelemetryFeed.L_EVAL_RETURN]));
    assertEquals(0, out[TelemetryFeed.L_EVALUATIONS]);
    assertEquals(0, out[TelemetryFeed.L_EVALUATING]);
  }

  @Test
  void shouldDropEventsWhenQueueFullWithoutBlocking() {
    TelemetryFeed feed = new TelemetryFeed(1, 1, 16, 4, 2);
    assertTrue(feed.event(TelemetryEvent.Kind.FAULT, "a", 1));
    assertTrue(feed.event(TelemetryEvent.Kind.FAULT, "b", 2));
    assertFalse(feed.event(TelemetryEvent.Kind.FAULT, "c", 3));
    assertEquals(1, feed.events().dropped());
    assertEquals("a", feed.events().poll().message());
  }

  @Test
  void shouldAllocateNothingOnTheControlAndLearnerFeedMethods() {
    TelemetryFeed feed = new TelemetryFeed(4, 2, 1024, 64, 16);
    double[] obs = {0.1, 0.2, 0.3, 0.4};
    double[] act = {0.5, 0.6};
    ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 200_000; i++) { // warm-up: let the JIT compile the feed methods
      feed.signals(i, obs, act, i);
      feed.learning(i, i, 1, 2, 3, 4, 5, 6, 7, 8, 9, i, (i & 64) != 0);
    }
    long before = mx.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 100_000; i++) {
      feed.signals(i, obs, act, i);
      feed.learning(i, i, 1, 2, 3, 4, 5, 6, 7, 8, 9, i, (i & 64) != 0);
    }
    long allocated = mx.getCurrentThreadAllocatedBytes() - before;
    assertEquals(0, allocated, "bytes allocated by 100,000 signals()+learning() calls");
    // and the consumer still sees the newest sample
    double[] out = new double[8];
    double last = -1;
    while (feed.signalRing().poll(out)) {
      last = out[0];
    }
    assertEquals(99_999, last);
  }
}
