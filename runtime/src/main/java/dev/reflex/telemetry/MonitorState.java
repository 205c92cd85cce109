package dev.reflex.telemetry;

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

  /** One device's last values. */
  public static final class Device {
    final Map<String, JsonNode> last = new TreeMap<>();
    final ArrayDeque<JsonNode> events = new ArrayDeque<>();

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
   * {@code learning}, {@code batch}, {@code event}, {@code ack}, or null for other topics.
   *
   * @param rest the topic below {@code reflex/<device>/}
   */
  public static String kindOf(String rest) {
    return switch (rest) {
      case "status", "meta", "event" -> rest;
      case "telemetry/loop" -> "loop";
      case "telemetry/signals" -> "signals";
      case "telemetry/learning" -> "learning";
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

  /** Messages taken so far. */
  public synchronized long messages() {
    return messages;
  }
}
