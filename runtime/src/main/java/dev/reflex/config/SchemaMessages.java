package dev.reflex.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The project's texts for schema problems (what a key wants, its range and description, unknown and
 * missing keys), used by {@link ConfigReader}'s mapping of the schema library's errors.
 */
final class SchemaMessages {
  private SchemaMessages() {}

  /** "unknown key `x`; did you mean `y`?" or "...; allowed keys: a, b". */
  static String unknownKey(String key, Collection<String> known) {
    String hint = Suggestions.didYouMean(key, known);
    return "unknown key `"
        + key
        + "`"
        + (hint.isEmpty() ? "; allowed keys: " + String.join(", ", known) : hint);
  }

  /** "5000 characters; at most 4096 (its description)". */
  static String tooLong(JsonSchema schema, String text, JsonNode s) {
    return text.length()
        + " characters; at most "
        + s.get("maxLength").asInt()
        + describeKey(schema, s);
  }

  /** "`x` is not allowed: one of a, b; did you mean `a`?". */
  static String notAllowed(String text, List<String> allowed) {
    return "`"
        + text
        + "` is not allowed: one of "
        + String.join(", ", allowed)
        + Suggestions.didYouMean(text, allowed);
  }

  /** "`x…` does not match ^…$ (its description)", the text cut to 80 characters. */
  static String noMatch(JsonSchema schema, String text, JsonNode s) {
    String shown = shown(text);
    return "`" + shown + "` does not match " + s.get("pattern").asText() + describeKey(schema, s);
  }

  /** "give only one of `rate`, `period_us` (found rate and period_us)". */
  static String exclusive(List<String> group, List<String> given) {
    return "give only one of "
        + String.join(", ", group.stream().map(k -> "`" + k + "`").toList())
        + " (found "
        + String.join(" and ", given)
        + ")";
  }

  /** "needs at least 1 entries, has 0". */
  static String tooFew(JsonNode s, int n) {
    return "needs at least " + s.get("minItems").asInt() + " entries, has " + n;
  }

  /** "missing required key `x` (its description)". */
  static String missingKey(JsonSchema schema, String key, JsonNode propertySchema) {
    return "missing required key `" + key + "`" + describeKey(schema, propertySchema);
  }

  /** The JSON types {@code s} allows (implied ones for properties/const). */
  static Set<String> types(JsonNode s) {
    Set<String> out = new LinkedHashSet<>();
    JsonNode t = s.get("type");
    if (t == null) {
      if (s.has("properties")) {
        out.add("object");
      }
      if (s.has("const")) {
        out.add("string");
      }
    } else if (t.isArray()) {
      t.forEach(x -> out.add(x.asText()));
    } else {
      out.add(t.asText());
    }
    return out;
  }

  /** "a number > 0", "a mapping", "a number with a unit (Hz, kHz, MHz)": what {@code s} wants. */
  static String expected(JsonSchema schema, JsonNode s) {
    if (s.has("x-unit")) {
      return "a number with a unit ("
          + String.join(
              ", ", Quantity.family(s.get("x-unit").asText()).keySet().stream().sorted().toList())
          + ")";
    }
    if (s.has("oneOf")) {
      return s.path("description").asText("one of several forms");
    }
    Set<String> t = types(s);
    String what =
        switch (t.isEmpty() ? "value" : t.iterator().next()) {
          case "object" -> "a mapping";
          case "array" -> "a list";
          case "integer" -> "an integer";
          case "number" -> "a number";
          case "boolean" -> "true or false";
          case "string" -> "a string";
          default -> "a value";
        };
    String r = range(s);
    // "a number > 0", "a number in 0 .. 1"
    return r.isEmpty() ? what : what + (r.startsWith(">") || r.startsWith("<") ? " " : " in ") + r;
  }

  /** {@code 0 .. 1}, {@code > 0}, empty when unbounded. */
  static String range(JsonNode s) {
    String lo =
        s.has("minimum")
            ? Scalars.format(s.get("minimum").asDouble())
            : s.has("exclusiveMinimum")
                ? "> " + Scalars.format(s.get("exclusiveMinimum").asDouble())
                : "";
    String hi =
        s.has("maximum")
            ? Scalars.format(s.get("maximum").asDouble())
            : s.has("exclusiveMaximum")
                ? "< " + Scalars.format(s.get("exclusiveMaximum").asDouble())
                : "";
    if (lo.isEmpty() && hi.isEmpty()) {
      return "";
    }
    if (lo.startsWith(">") || hi.startsWith("<")) {
      return String.join(" and ", List.of(lo, hi).stream().filter(x -> !x.isEmpty()).toList());
    }
    return (lo.isEmpty() ? "-inf" : lo) + " .. " + (hi.isEmpty() ? "inf" : hi);
  }

  /** " (the key's description)", or empty. */
  static String describeKey(JsonSchema schema, JsonNode s) {
    String d = schema.resolve(s).path("description").asText("");
    return d.isEmpty() ? "" : " (" + d + ")";
  }

  /** {@code t} with control characters escaped, cut at 80 characters. */
  static String shown(String t) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < t.length() && b.length() < 80; i++) {
      char c = t.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.length() < t.length() ? b + "..." : b.toString();
  }
}
