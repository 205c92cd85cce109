package dev.reflex.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Renders a {@link MonitorState} as a terminal screen: per device its status, loop timing, learning
 * progress (with the latest noise-free evaluation return, and a line while the actor is evaluated),
 * latest signals and last events. With ANSI on, each frame starts by moving the cursor home and
 * clearing the screen, so the view updates in place.
 */
public final class MonitorView {
  private static final String HOME_CLEAR = "\033[H\033[2J";
  private static final String BOLD = "\033[1m";
  private static final String GREEN = "\033[32m";
  private static final String RED = "\033[31m";
  private static final String RESET = "\033[0m";

  /** Lines are broken before this many columns (an 80-column terminal still fits most). */
  static final int WIDTH = 100;

  private final boolean ansi;

  /** A view with or without ANSI escapes (without: plain text frames, e.g. for --once). */
  public MonitorView(boolean ansi) {
    this.ansi = ansi;
  }

  /** One frame. */
  public String render(MonitorState state, String broker) {
    StringBuilder sb = new StringBuilder(2048);
    if (ansi) {
      sb.append(HOME_CLEAR);
    }
    sb.append(style(BOLD)).append("reflex monitor").append(style(RESET));
    sb.append("  broker ")
        .append(broker)
        .append("  messages ")
        .append(state.messages())
        .append('\n')
        .append(state.connection())
        .append('\n');
    Map<String, MonitorState.Device> devices = state.devices();
    if (devices.isEmpty()) {
      sb.append("(no device seen yet)\n");
    }
    for (Map.Entry<String, MonitorState.Device> e : devices.entrySet()) {
      MonitorState.Device d = e.getValue();
      JsonNode status = d.last("status");
      String st = status == null ? "?" : status.path("state").asText("?");
      sb.append('\n').append(style(BOLD)).append(e.getKey()).append(style(RESET)).append("  ");
      sb.append(style(st.equals("online") ? GREEN : RED)).append(st).append(style(RESET));
      if (status != null) {
        sb.append("  version ").append(status.path("version").asText(""));
        double uptimeS = status.path("uptime_s").asDouble();
        if (st.equals("online") && d.receivedMs("status") > 0) {
          // status is published on changes only: count on from when it arrived
          uptimeS += (System.currentTimeMillis() - d.receivedMs("status")) / 1000.0;
        }
        sb.append("  uptime ").append(uptime(uptimeS));
        sb.append("  actor ").append(status.path("actor_hash").asText(""));
      }
      sb.append('\n');
      line(
          sb,
          "loop",
          d.last("loop"),
          "ticks",
          "deadline_misses",
          "lateness_p50_us",
          "lateness_p99_us",
          "lateness_p999_us",
          "lateness_max_us",
          "infer_p99_us",
          "signal_drops",
          "mqtt_dropped",
          "mqtt_reconnects");
      JsonNode learning = d.last("learning");
      line(
          sb,
          "learning",
          learning,
          "updates",
          "episode_return",
          "eval_return",
          "evaluations",
          "critic_loss",
          "actor_loss",
          "mean_q",
          "exploration",
          "replay_fill",
          "actor_version",
          "rollbacks");
      if (learning != null && learning.path("evaluating").asInt() == 1) {
        sb.append("  ").append(style(BOLD)).append("evaluating").append(style(RESET));
        sb.append(" the actor without exploration noise\n");
      }
      JsonNode signals = d.last("signals");
      if (signals != null) {
        sb.append("  signals  ");
        int lineStart = sb.length() - 11;
        signals
            .fields()
            .forEachRemaining(
                f -> {
                  if (!f.getKey().equals("ts")) {
                    String item = f.getKey() + "=" + fmt(f.getValue().asDouble()) + "  ";
                    int from = Math.max(lineStart, sb.lastIndexOf("\n") + 1);
                    if (sb.length() - from + item.length() > WIDTH) {
                      sb.append('\n').append(" ".repeat(11));
                    }
                    sb.append(item);
                  }
                });
        sb.append('\n');
      }
      for (JsonNode ev : d.events()) {
        String text = "  event    " + MonitorState.eventText(ev);
        sb.append(text.length() > WIDTH ? text.substring(0, WIDTH - 1) + "…" : text).append('\n');
      }
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, String title, JsonNode body, String... fields) {
    if (body == null) {
      return;
    }
    int start = sb.length();
    sb.append("  ").append(String.format("%-9s", title));
    for (String f : fields) {
      JsonNode v = body.get(f);
      if (v != null) {
        // null stands for NaN (not measured yet, e.g. eval_return before the first evaluation)
        String item = f + "=" + (v.isNull() ? "-" : fmt(v.asDouble())) + "  ";
        int lineStart = sb.lastIndexOf("\n") + 1;
        if (sb.length() - Math.max(start, lineStart) + item.length() > WIDTH) {
          sb.append('\n').append(" ".repeat(11)); // a continuation, under the first value
        }
        sb.append(item);
      }
    }
    sb.append('\n');
  }

  private String style(String code) {
    return ansi ? code : "";
  }

  /** 42 s, 3 min 07 s, 2 h 05 min. */
  static String uptime(double seconds) {
    long s = (long) seconds;
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return String.format("%d min %02d s", s / 60, s % 60);
    }
    return String.format("%d h %02d min", s / 3600, (s % 3600) / 60);
  }

  private static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e12) {
      return Long.toString((long) v);
    }
    return String.format("%.4g", v);
  }
}
