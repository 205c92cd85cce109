package dev.reflex.hil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One MQTT message as a remote user received it.
 *
 * @param receivedMs receive time, epoch milliseconds (the test machine's clock, as the device's
 *     {@code ts})
 * @param topic full topic
 * @param body payload as UTF-8
 * @param retained the retain flag as delivered (true for a retained message sent on subscribe)
 */
public record Observed(long receivedMs, String topic, String body, boolean retained) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The body parsed as JSON; a missing node when it is not JSON. */
  public JsonNode json() {
    try {
      JsonNode n = JSON.readTree(body);
      return n == null ? JSON.missingNode() : n;
    } catch (Exception e) {
      return JSON.missingNode();
    }
  }

  /** A numeric field, or NaN when absent or not a number. */
  public double number(String field) {
    JsonNode n = json().get(field);
    return n != null && n.isNumber() ? n.doubleValue() : Double.NaN;
  }

  /** A text field, or "" when absent. */
  public String text(String field) {
    JsonNode n = json().get(field);
    return n == null || n.isNull() ? "" : n.asText();
  }

  /** The device's timestamp {@code ts}, epoch ms, or -1. */
  public long ts() {
    JsonNode n = json().get("ts");
    return n != null && n.isNumber() ? n.longValue() : -1;
  }

  /** True when the topic ends with {@code /suffix} (e.g. {@code telemetry/loop}). */
  public boolean on(String suffix) {
    return topic.endsWith("/" + suffix);
  }
}
