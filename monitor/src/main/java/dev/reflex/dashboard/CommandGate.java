package dev.reflex.dashboard;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflex.telemetry.CommandDecision;
import dev.reflex.telemetry.CommandLimits;
import dev.reflex.telemetry.CommandValidator;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Checks a command the browser asks for, then publishes it. The browser sends {@code
 * {"device":"pi-1","command":"set-exploration","args":{"scale":0.1}}}; the gate accepts only the
 * dashboard's commands ({@link #COMMANDS}) and a plain device id, builds the device's body with a
 * fresh id and an {@code expires}, runs it through the same {@link CommandValidator} the device
 * uses (types, unknown fields, numeric ranges of the given {@link CommandLimits}) and only then
 * publishes it. The browser never chooses the id, the expiry, the topic or the credentials.
 *
 * <p>Threading: any thread (synchronized).
 */
public final class CommandGate {
  /** The commands the dashboard sends. */
  public static final Set<String> COMMANDS =
      Set.of(
          "pause-learning",
          "resume-learning",
          "set-exploration",
          "checkpoint",
          "rollback",
          "enter-safe",
          "leave-safe");

  private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final int MAX_REQUEST_BYTES = 4096;
  private static final int SENT_KEPT = 256;

  /**
   * The answer to the browser.
   *
   * @param httpStatus 202 published, 400 refused, 502 refused by the broker, 503 broker unreachable
   * @param body JSON: {@code {"id","topic"}} or {@code {"error","detail"}}
   */
  public record Reply(int httpStatus, JsonNode body) {}

  private final ObjectMapper json =
      JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  private final CommandValidator validator;
  private final long ttlMs;
  private final CommandPublisher publisher;
  private final LongSupplier clockMs;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, String> sent =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > SENT_KEPT;
        }
      };

  /**
   * Creates a gate.
   *
   * @param limits ranges to enforce (e.g. {@link CommandLimits#defaults()}: exploration in [0, 1])
   * @param ttlMs how long a sent command stays valid ({@code expires = now + ttlMs})
   * @param publisher where accepted commands go
   * @param clockMs wall-clock time, epoch ms
   */
  public CommandGate(
      CommandLimits limits, long ttlMs, CommandPublisher publisher, LongSupplier clockMs) {
    if (ttlMs < 1000 || ttlMs > limits.maxTtlMs()) {
      throw new IllegalArgumentException(
          "command TTL " + ttlMs + " ms not in [1000, " + limits.maxTtlMs() + "]");
    }
    this.validator = new CommandValidator(limits);
    this.ttlMs = ttlMs;
    this.publisher = publisher;
    this.clockMs = clockMs;
  }

  /**
   * Validates and publishes one request from the browser.
   *
   * @param request the POST body; not modified
   */
  public synchronized Reply submit(byte[] request) {
    if (request.length > MAX_REQUEST_BYTES) {
      return refused(400, "too-large", "request larger than " + MAX_REQUEST_BYTES + " bytes");
    }
    JsonNode r;
    try {
      r = json.readTree(request);
    } catch (IOException e) {
      return refused(400, "not-json", "request is not valid JSON");
    }
    if (r == null || !r.isObject()) {
      return refused(400, "not-json", "request is not a JSON object");
    }
    for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!Set.of("device", "command", "args").contains(f)) {
        return refused(400, "unknown-field", "field '" + f + "' is not allowed");
      }
    }
    JsonNode device = r.get("device");
    if (device == null || !device.isTextual() || !DEVICE.matcher(device.textValue()).matches()) {
      return refused(400, "bad-device", "device must be 1-64 of [A-Za-z0-9._-]");
    }
    JsonNode command = r.get("command");
    if (command == null || !command.isTextual() || !COMMANDS.contains(command.textValue())) {
      return refused(400, "unknown-command", "command must be one of " + COMMANDS);
    }
    JsonNode args = r.get("args");
    if (args != null && !args.isObject()) {
      return refused(400, "wrong-type", "args must be an object");
    }
    String name = command.textValue();
    long now = clockMs.getAsLong();
    String id = "dash-" + Long.toString(now, 36) + "-" + HexFormat.of().formatHex(nonce());
    ObjectNode body = json.createObjectNode();
    body.put("id", id);
    body.put("expires", now + ttlMs);
    if (args != null) {
      for (Map.Entry<String, JsonNode> e : args.properties()) {
        if (body.has(e.getKey())) {
          return refused(400, "unknown-field", "args may not set '" + e.getKey() + "'");
        }
        body.set(e.getKey(), e.getValue());
      }
    }
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (IOException e) {
      return refused(400, "not-json", "cannot encode the command");
    }
    CommandDecision decision = validator.validate(name, bytes, false, now);
    if (decision instanceof CommandDecision.Rejected rej) {
      return refused(400, rej.reason().code(), rej.detail());
    }
    int code;
    try {
      code = publisher.publish(device.textValue(), name, bytes);
    } catch (Exception e) {
      return refused(503, "broker-unreachable", "not sent: " + e.getMessage());
    }
    if (code >= 0x80) {
      return refused(
          502,
          "broker-refused",
          "the broker refused the command (reason 0x"
              + Integer.toHexString(code)
              + (code == 0x87 ? ", not authorised: check the ACL" : "")
              + ")");
    }
    sent.put(id, name);
    ObjectNode ok = json.createObjectNode();
    ok.put("id", id);
    ok.put("device", device.textValue());
    ok.put("command", name);
    ok.put("expires", now + ttlMs);
    return new Reply(202, ok);
  }

  /** The name of the command this gate sent with {@code id}, or null. */
  public synchronized String commandOf(String id) {
    return id == null ? null : sent.get(id);
  }

  private byte[] nonce() {
    byte[] b = new byte[6];
    random.nextBytes(b);
    return b;
  }

  private Reply refused(int status, String error, String detail) {
    ObjectNode n = json.createObjectNode();
    n.put("error", error);
    n.put("detail", detail);
    return new Reply(status, n);
  }
}
