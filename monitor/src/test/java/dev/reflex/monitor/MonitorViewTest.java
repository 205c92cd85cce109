package dev.reflex.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MonitorViewTest {

  static String frame(String learningJson) {
    MonitorState state = new MonitorState();
    state.accept(
        "pi-1",
        "status",
        state.parse(
            "{\"ts\":1,\"state\":\"online\",\"version\":\"0.1.0\",\"uptime_s\":3}"
                .getBytes(StandardCharsets.UTF_8)));
    state.accept("pi-1", "learning", state.parse(learningJson.getBytes(StandardCharsets.UTF_8)));
    return new MonitorView(false).render(state, "tcp://broker:1883");
  }

  @Test
  void shouldShowEvaluationReturnAndTheEvaluatingState() {
    String out =
        frame(
            "{\"ts\":1,\"updates\":42,\"episode_return\":-150,\"eval_return\":-95.5,"
                + "\"evaluations\":3,\"evaluating\":1}");
    assertTrue(out.contains("eval_return=-95.50  evaluations=3"), out);
    assertTrue(out.contains("evaluating the actor without exploration noise"), out);
  }

  @Test
  void shouldShowADashForAReturnNotMeasuredYetAndNoEvaluatingLineBetweenEvaluations() {
    String out =
        frame(
            "{\"ts\":1,\"updates\":42,\"episode_return\":-150,\"eval_return\":null,"
                + "\"evaluations\":0,\"evaluating\":0}");
    assertTrue(out.contains("eval_return=-  evaluations=0"), out);
    assertFalse(out.contains("evaluating the actor"), out);
  }

  @Test
  void shouldKeepLinesUnder100ColumnsNameEachEventKindOnceAndRoundIt() {
    MonitorState state = new MonitorState();
    state.accept(
        "pi-1",
        "loop",
        state.parse(
            ("{\"ts\":1,\"ticks\":123456789,\"deadline_misses\":12345,\"lateness_p50_us\":1234.5678,"
                    + "\"lateness_p99_us\":61276.2,\"lateness_p999_us\":215875.6,"
                    + "\"lateness_max_us\":215875.6,\"infer_p99_us\":46.3,\"signal_drops\":0,"
                    + "\"mqtt_dropped\":0,\"mqtt_reconnects\":0}")
                .getBytes(StandardCharsets.UTF_8)));
    state.accept(
        "pi-1",
        "event",
        state.parse(
            ("{\"ts\":1,\"kind\":\"rollback\",\"message\":\"rollback: evaluation return"
                    + " -101.34379429486823 fell below -90.5\",\"value\":2}")
                .getBytes(StandardCharsets.UTF_8)));
    String out = new MonitorView(false).render(state, "tcp://broker:1883");
    for (String line : out.split("\n")) {
      assertTrue(line.length() <= MonitorView.WIDTH, line.length() + ": " + line);
    }
    assertTrue(out.contains("event    rollback: evaluation return -101.34 fell below -90.5"), out);
    assertFalse(out.contains("rollback: rollback:"), out);
  }

  @Test
  void shouldCountTheUptimeOnWhileTheDeviceIsOnline() throws Exception {
    MonitorState state = new MonitorState();
    state.accept(
        "pi-1",
        "status",
        state.parse(
            "{\"ts\":1,\"state\":\"online\",\"uptime_s\":58.5}".getBytes(StandardCharsets.UTF_8)));
    Thread.sleep(2100);
    String out = new MonitorView(false).render(state, "tcp://broker:1883");
    assertTrue(out.contains("uptime 1 min 00 s"), out);
    assertEquals("42 s", MonitorView.uptime(42.9));
    assertEquals("2 h 05 min", MonitorView.uptime(7500));
  }
}
