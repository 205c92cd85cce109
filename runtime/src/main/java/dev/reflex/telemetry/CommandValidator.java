package dev.reflex.telemetry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.reflex.telemetry.CommandDecision.Accepted;
import dev.reflex.telemetry.CommandDecision.Reason;
import dev.reflex.telemetry.CommandDecision.Rejected;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a message received on {@code cmd/<name>} is a command to apply: checks size,
 * strict JSON (UTF-8 only, one object, nothing after it), retain flag, field types, expiry,
 * replayed ids, the rate, the command's name and its argument ranges.
 *
 * <p>Replays: every id that passes the expiry check is remembered until its own {@code expires}
 * (past it the command is refused as expired anyway), whatever comes in between, so a message is
 * never applied twice. At most {@link CommandLimits#recentIds()} unexpired ids are held; beyond,
 * new commands are refused as {@code rate-limited} (never is an unexpired id forgotten).
 *
 * <p>Rate: at most {@link #BURST} commands at once and {@link #PER_SECOND} a second on average pass
 * on to be applied; the rest are refused as {@code rate-limited}, and their ids are not remembered
 * (a sender may retry one with the same id).
 *
 * <p>Body: {@code {"id":"<1-64 of [A-Za-z0-9._:-]>","expires":<epoch ms>, ...args}}; unknown fields
 * are refused.
 *
 * <p>Threading: one thread (the telemetry thread). Allocates.
 */
public final class CommandValidator {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final Set<String> COMMON = Set.of("id", "expires");

  /** Commands that may pass at once (the token bucket's size). */
  public static final int BURST = 100;

  /** Commands that may pass a second, on average (the bucket's refill rate). */
  public static final int PER_SECOND = 50;

  private static final long PURGE_EVERY_MS = 1_000;

  private final ObjectMapper json =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
  private final CommandLimits limits;
  private final Map<String, Long> seenIds = new HashMap<>();
  private long nextPurgeMs = Long.MIN_VALUE;
  private double tokens = BURST;
  private long tokensAtMs = Long.MIN_VALUE;

  /** Creates a validator enforcing {@code limits}. */
  public CommandValidator(CommandLimits limits) {
    this.limits = limits;
  }

  /** Unexpired ids remembered now. */
  public int rememberedIds() {
    return seenIds.size();
  }

  /**
   * Judges one message.
   *
   * @param name the last topic level, the command name
   * @param payload the message body; not modified
   * @param retained the message's retain flag (retained commands are always refused)
   * @param nowMs wall-clock time, epoch ms
   */
  public CommandDecision validate(String name, byte[] payload, boolean retained, long nowMs) {
    if (payload.length > limits.maxPayloadBytes()) {
      return new Rejected(
          "",
          name,
          Reason.TOO_LARGE,
          payload.length + " bytes > limit " + limits.maxPayloadBytes());
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(payload))
              .toString();
    } catch (CharacterCodingException e) {
      return new Rejected("", name, Reason.NOT_JSON, "body is not UTF-8");
    }
    JsonNode body;
    try {
      body = json.readTree(text);
    } catch (IOException e) {
      return new Rejected(
          "", name, Reason.NOT_JSON, "body is not one JSON object in UTF-8 with nothing after it");
    }
    if (body == null || !body.isObject()) {
      return new Rejected("", name, Reason.NOT_JSON, "body is not a JSON object");
    }
    JsonNode idNode = body.get("id");
    if (idNode == null) {
      return new Rejected("", name, Reason.MISSING_FIELD, "field 'id' is missing");
    }
    if (!idNode.isTextual() || !ID.matcher(idNode.textValue()).matches()) {
      return new Rejected(
          "", name, Reason.WRONG_TYPE, "field 'id' must be a string of 1-64 [A-Za-z0-9._:-]");
    }
    String id = idNode.textValue();
    if (retained) {
      return new Rejected(id, name, Reason.RETAINED, "retained commands are refused");
    }
    JsonNode expiresNode = body.get("expires");
    if (expiresNode == null) {
      return new Rejected(id, name, Reason.MISSING_FIELD, "field 'expires' is missing");
    }
    if (!expiresNode.isIntegralNumber() || !expiresNode.canConvertToLong()) {
      return new Rejected(
          id, name, Reason.WRONG_TYPE, "field 'expires' must be an integer (epoch ms)");
    }
    long expires = expiresNode.longValue();
    if (expires < nowMs) {
      return new Rejected(id, name, Reason.EXPIRED, "expired " + (nowMs - expires) + " ms ago");
    }
    if (expires - nowMs > limits.maxTtlMs()) {
      return new Rejected(
          id,
          name,
          Reason.OUT_OF_RANGE,
          "'expires' lies more than " + limits.maxTtlMs() + " ms ahead");
    }
    purgeExpired(nowMs);
    if (seenIds.containsKey(id)) {
      return new Rejected(id, name, Reason.DUPLICATE_ID, "id '" + id + "' was already seen");
    }
    if (seenIds.size() >= limits.recentIds()) {
      return new Rejected(
          id,
          name,
          Reason.RATE_LIMITED,
          seenIds.size() + " unexpired command ids remembered (the limit); retry later");
    }
    if (!takeToken(nowMs)) {
      return new Rejected(
          id,
          name,
          Reason.RATE_LIMITED,
          "more than " + PER_SECOND + " commands a second (burst " + BURST + "); retry later");
    }
    seenIds.put(id, expires);
    return switch (name) {
      case "pause-learning" -> plain(body, new Command.PauseLearning(id));
      case "resume-learning" -> plain(body, new Command.ResumeLearning(id));
      case "checkpoint" -> plain(body, new Command.Checkpoint(id));
      case "enter-safe" -> plain(body, new Command.EnterSafe(id));
      case "leave-safe" -> plain(body, new Command.LeaveSafe(id));
      case "set-exploration" -> setExploration(body, id, name);
      case "rollback" -> rollback(body, id, name);
      case "set-setpoint" -> setSetpoint(body, id, name);
      default -> new Rejected(id, name, Reason.UNKNOWN_COMMAND, "unknown command '" + name + "'");
    };
  }

  private void purgeExpired(long nowMs) {
    if (nowMs >= nextPurgeMs) {
      nextPurgeMs = nowMs + PURGE_EVERY_MS;
      seenIds.values().removeIf(expires -> expires < nowMs);
    }
  }

  private boolean takeToken(long nowMs) {
    if (tokensAtMs != Long.MIN_VALUE && nowMs > tokensAtMs) {
      tokens = Math.min(BURST, tokens + (nowMs - tokensAtMs) * (PER_SECOND / 1000.0));
    }
    tokensAtMs = Math.max(tokensAtMs, nowMs);
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  private CommandDecision plain(JsonNode body, Command command) {
    Rejected extra = unknownFields(body, command.id(), command.name(), Set.of());
    return extra != null ? extra : new Accepted(command);
  }

  private CommandDecision setExploration(JsonNode body, String id, String name) {
    Rejected extra = unknownFields(body, id, name, Set.of("scale"));
    if (extra != null) {
      return extra;
    }
    JsonNode scale = body.get("scale");
    if (scale == null) {
      return new Rejected(id, name, Reason.MISSING_FIELD, "field 'scale' is missing");
    }
    if (!scale.isNumber()) {
      return new Rejected(id, name, Reason.WRONG_TYPE, "field 'scale' must be a number");
    }
    double v = scale.doubleValue();
    if (!(v >= 0 && v <= limits.explorationCap())) {
      return new Rejected(
          id,
          name,
          Reason.OUT_OF_RANGE,
          "scale " + v + " not in [0, " + limits.explorationCap() + "]");
    }
    return new Accepted(new Command.SetExploration(id, v));
  }

  private CommandDecision rollback(JsonNode body, String id, String name) {
    Rejected extra = unknownFields(body, id, name, Set.of("version"));
    if (extra != null) {
      return extra;
    }
    JsonNode version = body.get("version");
    if (version == null) {
      return new Rejected(id, name, Reason.MISSING_FIELD, "field 'version' is missing");
    }
    if (!version.isIntegralNumber() || !version.canConvertToLong()) {
      return new Rejected(id, name, Reason.WRONG_TYPE, "field 'version' must be an integer");
    }
    if (version.longValue() < 0) {
      return new Rejected(id, name, Reason.OUT_OF_RANGE, "version " + version.longValue() + " < 0");
    }
    return new Accepted(new Command.Rollback(id, version.longValue()));
  }

  private CommandDecision setSetpoint(JsonNode body, String id, String name) {
    Rejected extra = unknownFields(body, id, name, Set.of("name", "value"));
    if (extra != null) {
      return extra;
    }
    JsonNode setpoint = body.get("name");
    JsonNode value = body.get("value");
    if (setpoint == null || value == null) {
      return new Rejected(id, name, Reason.MISSING_FIELD, "fields 'name' and 'value' are required");
    }
    if (!setpoint.isTextual() || !value.isNumber()) {
      return new Rejected(
          id, name, Reason.WRONG_TYPE, "'name' must be a string and 'value' a number");
    }
    CommandLimits.Range range = limits.setpoints().get(setpoint.textValue());
    if (range == null) {
      return new Rejected(
          id,
          name,
          Reason.OUT_OF_RANGE,
          "no setpoint '" + setpoint.textValue() + "'; known: " + limits.setpoints().keySet());
    }
    double v = value.doubleValue();
    if (!range.contains(v)) {
      return new Rejected(
          id,
          name,
          Reason.OUT_OF_RANGE,
          setpoint.textValue() + " = " + v + " not in [" + range.min() + ", " + range.max() + "]");
    }
    return new Accepted(new Command.SetSetpoint(id, setpoint.textValue(), v));
  }

  private static Rejected unknownFields(JsonNode body, String id, String name, Set<String> args) {
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!COMMON.contains(field) && !args.contains(field)) {
        return new Rejected(
            id, name, Reason.UNKNOWN_FIELD, "field '" + field + "' is not an argument of " + name);
      }
    }
    return null;
  }
}
