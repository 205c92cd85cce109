package dev.reflex.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the monitor knows about each device: the last message of each topic kind and the last few
 * events and acknowledgements. Fed with raw MQTT messages.
 *
 * <p>Threading: any thread (synchronized); the MQTT callback writes, the screen reads.
 */
public final class MonitorState {
  private static final int EVENTS_KEPT = 8;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Device> devices = new TreeMap<>();
  private long messages;
  private String connection = "connecting";

  /** One device's last values. */
  public static final class Device {
    final Map<String, JsonNode> last = new TreeMap<>();
    final ArrayDeque<JsonNode> events = new ArrayDeque<>();
    final Map<String, Long> receivedMs = new TreeMap<>();

    /** When the last body of {@code kind} arrived (wall-clock ms), or 0. */
    public long receivedMs(String kind) {
      return receivedMs.getOrDefault(kind, 0L);
    }

    /**
     * The last body of topic kind {@code kind} (status, meta, loop, signals, learning), or null.
     */
    public JsonNode last(String kind) {
      return last.get(kind);
    }

    /** The last events and acks, newest last. */
    public List<JsonNode> events() {
      return new ArrayList<>(events);
    }
  }

  /**
   * The kind of a telemetry topic: {@code status}, {@code meta}, {@code loop}, {@code signals},
   * {@code learning}, {@code summary}, {@code batch}, {@code event}, {@code ack}, or null for other
   * topics.
   *
   * @param rest the topic below {@code reflex/<device>/}
   */
  public static String kindOf(String rest) {
    return switch (rest) {
      case "status", "meta", "event" -> rest;
      case "telemetry/loop" -> "loop";
      case "telemetry/signals" -> "signals";
      case "telemetry/learning" -> "learning";
      case "telemetry/summary" -> "summary";
      case "telemetry/batch" -> "batch";
      default -> rest.startsWith("cmd/") && rest.endsWith("/ack") ? "ack" : null;
    };
  }

  /**
   * Takes one message.
   *
   * @param device the device id from the topic
   * @param kind the topic kind ({@link #kindOf})
   * @param body parsed JSON body
   */
  public synchronized void accept(String device, String kind, JsonNode body) {
    messages++;
    Device d = devices.computeIfAbsent(device, k -> new Device());
    if (kind.equals("event") || kind.equals("ack")) {
      d.events.addLast(body);
      while (d.events.size() > EVENTS_KEPT) {
        d.events.removeFirst();
      }
    } else {
      d.last.put(kind, body);
      d.receivedMs.put(kind, System.currentTimeMillis());
    }
  }

  /** Parses {@code payload}; returns null (and ignores it) if it is not a JSON object. */
  public JsonNode parse(byte[] payload) {
    try {
      JsonNode n = json.readTree(payload);
      return n != null && n.isObject() ? n : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /** A copy of the device map (device id to its state). */
  public synchronized Map<String, Device> devices() {
    return new TreeMap<>(devices);
  }

  /** Sets the broker connection's state line ("connected to ...", "waiting for broker ..."). */
  public synchronized void connection(String line) {
    connection = line;
  }

  /** The broker connection's state line. */
  public synchronized String connection() {
    return connection;
  }

  /**
   * One event or ack as text: {@code kind: message} with the kind once (messages that begin with
   * their kind do not repeat it) and long decimals rounded to 2 places.
   */
  public static String eventText(JsonNode ev) {
    if (!ev.has("kind")) {
      return ("ack "
              + ev.path("id").asText()
              + " "
              + ev.path("status").asText()
              + " "
              + ev.path("reason").asText())
          .strip();
    }
    String kind = ev.path("kind").asText();
    String msg = ev.path("message").asText();
    while (msg.regionMatches(true, 0, kind + ":", 0, kind.length() + 1)) {
      msg = msg.substring(kind.length() + 1).strip();
    }
    return kind + ": " + roundNumbers(msg);
  }

  private static final java.util.regex.Pattern LONG_DECIMAL =
      java.util.regex.Pattern.compile("-?\\d+\\.\\d{3,}(?:[eE][-+]?\\d+)?");

  /** Rounds every number with 3 or more decimals in {@code text} to 2 decimals. */
  public static String roundNumbers(String text) {
    return LONG_DECIMAL
        .matcher(text)
        .replaceAll(
            m -> {
              double v = Double.parseDouble(m.group());
              return Math.abs(v) >= 0.01 || v == 0
                  ? String.format(java.util.Locale.ROOT, "%.2f", v)
                  : String.format(java.util.Locale.ROOT, "%.2g", v);
            });
  }

  /** Messages taken so far. */
  public synchronized long messages() {
    return messages;
  }
}
