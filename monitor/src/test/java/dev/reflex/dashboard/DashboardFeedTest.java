package dev.reflex.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardFeedTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode body(String json) throws Exception {
    return JSON.readTree(json);
  }

  static String text(byte[] frame) {
    return new String(frame, StandardCharsets.UTF_8);
  }

  @Test
  void shouldReplayBoundedHistoryThenStreamLiveFramesWithoutGaps() throws Exception {
    DashboardFeed feed = new DashboardFeed(2, 2, 3, 2, 100, 4);
    feed.accept("pi-1", "meta", body("{\"ts\":1,\"controller\":\"pendulum\"}"), null);
    feed.accept("pi-1", "status", body("{\"ts\":1,\"state\":\"online\"}"), null);
    for (int i = 0; i < 10; i++) {
      feed.accept("pi-1", "signals", body("{\"ts\":" + i + ",\"reward\":-1}"), null);
    }
    feed.accept("pi-1", "telemetry/batch", body("{\"ts\":1}"), null); // not a dashboard kind
    DashboardFeed.Subscription s = feed.subscribe("hello\n\n".getBytes(StandardCharsets.UTF_8));
    List<byte[]> replay = s.replay();
    assertEquals(1 + 2 + 3, replay.size(), "hello, meta, status and the last 3 signals");
    assertEquals("hello\n\n", text(replay.get(0)));
    assertTrue(text(replay.get(1)).startsWith("event: meta\ndata: {\"device\":\"pi-1\""));
    assertTrue(text(replay.get(3)).contains("\"ts\":7"), text(replay.get(3)));
    feed.accept(
        "pi-1", "ack", body("{\"ts\":2,\"id\":\"x\\ny\",\"status\":\"done\"}"), "checkpoint");
    String live = text(s.client().poll());
    assertTrue(live.startsWith("event: ack\ndata: "), live);
    assertTrue(live.contains("\"command\":\"checkpoint\""));
    assertEquals(2, live.split("\n", -1).length - 2, "one data line, escapes kept: " + live);
    assertNull(s.client().poll());
  }

  @Test
  void shouldCutOffABrowserThatFallsBehindAndLimitBrowsers() throws Exception {
    DashboardFeed feed = new DashboardFeed(2, 2, 2, 2, 5, 2);
    DashboardFeed.Subscription slow = feed.subscribe(new byte[0]);
    DashboardFeed.Subscription fast = feed.subscribe(new byte[0]);
    assertNull(feed.subscribe(new byte[0]), "a third browser is refused");
    for (int i = 0; i < 6; i++) {
      feed.accept("pi-1", "signals", body("{\"ts\":" + i + "}"), null);
      assertNotNull(fast.client().poll());
    }
    assertTrue(slow.client().closed(), "queue of 5 overflowed: cut off");
    assertTrue(!fast.client().closed(), "a browser that keeps up stays");
    assertEquals(1, feed.clients());
    assertNotNull(feed.subscribe(new byte[0]), "its place is free again");
    feed.close();
    assertNull(feed.subscribe(new byte[0]));
  }
}
