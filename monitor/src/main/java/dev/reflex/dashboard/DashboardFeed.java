package dev.reflex.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the telemetry messages the monitor receives into Server-Sent Events frames, keeps each
 * device's recent frames for browsers that connect later, and fans frames out to the connected
 * browsers. A frame is {@code event: <kind>} ({@code status, meta, loop, learning, signals, event,
 * ack}) with {@code data: {"device":..., "body":{...}}} ({@code "command"} added to acks of
 * commands this dashboard sent).
 *
 * <p>Threading: any thread (synchronized; the MQTT callback adds, HTTP threads subscribe). Never
 * waits for a browser: each has its own bounded queue ({@link SseClient}).
 */
public final class DashboardFeed implements AutoCloseable {
  /** What a new browser is sent: the history, then the live frames of {@code client}. */
  public record Subscription(List<byte[]> replay, SseClient client) {}

  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, DeviceHistory> devices = new TreeMap<>();
  private final List<SseClient> clients = new ArrayList<>();
  private final DeviceHistory.Capacity capacity;
  private final int clientQueueFrames;
  private final int maxClients;
  private long frames;
  private boolean closed;

  /**
   * Creates a feed.
   *
   * @param loopFrames loop messages kept per device (1 Hz: 600 = ten minutes)
   * @param learningFrames learning messages kept per device
   * @param signalFrames signal messages kept per device (50 Hz: 3000 = one minute)
   * @param eventFrames events and acks kept per device
   * @param clientQueueFrames frames a browser may fall behind before it is cut off
   * @param maxClients browsers connected at once
   */
  public DashboardFeed(
      int loopFrames,
      int learningFrames,
      int signalFrames,
      int eventFrames,
      int clientQueueFrames,
      int maxClients) {
    this.capacity =
        new DeviceHistory.Capacity(loopFrames, learningFrames, signalFrames, eventFrames);
    this.clientQueueFrames = clientQueueFrames;
    this.maxClients = maxClients;
  }

  /** Ten minutes of loop and 30 of learning at 1 Hz, a minute of 50 Hz signals, 16 browsers. */
  public static DashboardFeed withDefaults() {
    return new DashboardFeed(600, 1800, 3000, 200, 8192, 16);
  }

  /**
   * Takes one telemetry message.
   *
   * @param device the device id from the topic
   * @param kind the topic kind ({@code status, meta, loop, learning, signals, event, ack}); others
   *     are ignored
   * @param body the parsed JSON object; not modified
   * @param command for an ack, the name of the command it answers if known, else null
   */
  public synchronized void accept(String device, String kind, JsonNode body, String command) {
    if (closed || !isKind(kind) || body == null || !body.isObject()) {
      return;
    }
    ObjectNode data = json.createObjectNode();
    data.put("device", device);
    if (command != null) {
      data.put("command", command);
    }
    data.set("body", body);
    byte[] frame = frame(kind, data);
    devices.computeIfAbsent(device, d -> new DeviceHistory(capacity)).add(kind, frame);
    frames++;
    for (SseClient c : clients) {
      c.offer(frame);
    }
    clients.removeIf(SseClient::closed);
  }

  /**
   * Registers a browser: returns {@code first} followed by every device's history, and a client
   * that receives every later frame (nothing is lost or repeated in between).
   *
   * @param first the frame to send before the history (e.g. the server's {@code hello})
   * @return the subscription, or null when {@code maxClients} browsers are connected or the feed is
   *     closed
   */
  public synchronized Subscription subscribe(byte[] first) {
    clients.removeIf(SseClient::closed);
    if (closed || clients.size() >= maxClients) {
      return null;
    }
    List<byte[]> replay = new ArrayList<>();
    replay.add(first);
    for (DeviceHistory h : devices.values()) {
      h.replayInto(replay);
    }
    SseClient client = new SseClient(clientQueueFrames);
    clients.add(client);
    return new Subscription(replay, client);
  }

  /** Forgets a browser that went away. */
  public synchronized void unsubscribe(SseClient client) {
    client.close();
    clients.remove(client);
  }

  /** Builds one SSE frame; {@code data} must serialise to one line (Jackson's compact output). */
  byte[] frame(String event, JsonNode data) {
    try {
      return ("event: " + event + "\ndata: " + json.writeValueAsString(data) + "\n\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  /** Frames taken so far. */
  public synchronized long frames() {
    return frames;
  }

  /** Browsers connected now. */
  public synchronized int clients() {
    clients.removeIf(SseClient::closed);
    return clients.size();
  }

  /** Ends every stream. */
  @Override
  public synchronized void close() {
    closed = true;
    clients.forEach(SseClient::close);
    clients.clear();
  }

  private static boolean isKind(String kind) {
    return switch (kind) {
      case "status", "meta", "loop", "learning", "summary", "signals", "event", "ack" -> true;
      default -> false;
    };
  }
}
