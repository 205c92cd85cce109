package dev.reflex.telemetry;

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
}
