package dev.reflex.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflex.config.YamlValue.YamlList;
import dev.reflex.config.YamlValue.YamlMap;
import dev.reflex.config.YamlValue.YamlScalar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a {@link YamlValue} tree against a {@link JsonSchema} and builds the {@link
 * ConfigTree}: a generic walk driven by the schema, reporting every problem with its line.
 *
 * <p>Supported keywords: {@code $ref, type, const, enum, properties, required,
 * additionalProperties, items, minItems, maxItems, minimum, maximum, exclusiveMinimum,
 * exclusiveMaximum, pattern, minLength, maxLength, oneOf, default}; Reflex's own {@code x-unit,
 * x-minimum, x-maximum} (quantities with units), {@code x-exclusive} (at most one key of each
 * group; the default of a key is not filled in when another key of its group is given), {@code
 * x-discriminator} (oneOf branch chosen by a property's const) and {@code x-implicit-when} (create
 * an absent object to fill its defaults only when sibling keys have the given values).
 */
final class SchemaValidator {
  /** A value as shown in a message: control characters escaped, at most 80 characters. */
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

  private final JsonSchema schema;
  private final Path file;
  private final List<ConfigProblem> problems;
  private final Map<String, int[]> positions = new HashMap<>();

  private SchemaValidator(JsonSchema schema, Path file, List<ConfigProblem> problems) {
    this.schema = schema;
    this.file = file;
    this.problems = problems;
  }

  /**
   * Validates {@code document} (read from {@code file}) against {@code schema}.
   *
   * @param problems receives every problem found. Modified.
   * @return the tree of valid values with defaults filled in
   */
  static ConfigTree validate(
      JsonSchema schema, Path file, YamlValue document, List<ConfigProblem> problems) {
    SchemaValidator v = new SchemaValidator(schema, file, problems);
    Object root = v.value(document, schema.root(), "");
    @SuppressWarnings("unchecked")
    Map<String, Object> map =
        root instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    return new ConfigTree(file, map, v.positions);
  }

  private void problem(YamlValue at, String path, String value, String message) {
    problems.add(new ConfigProblem(file, at.line(), at.column(), path, value, message));
  }

  /** The validated value, or null when invalid (a problem has been added). */
  private Object value(YamlValue v, JsonNode s0, String path) {
    JsonNode s = schema.resolve(s0);
    positions.put(path, new int[] {v.line(), v.column()});
    if (s.has("oneOf")) {
      return s.has("x-discriminator") ? discriminated(v, s, path) : oneOf(v, s, path);
    }
    if (v instanceof YamlScalar sc && sc.isNull()) {
      problem(v, path, "", "missing value: expected " + expected(s));
      return null;
    }
    if (s.has("const")) {
      String want = s.get("const").asText();
      if (!(v instanceof YamlScalar sc) || !sc.text().equals(want)) {
        problem(v, path, text(v), "expected `" + want + "`");
        return null;
      }
      return want;
    }
    Set<String> types = types(s);
    if (types.contains("object") && v instanceof YamlMap m) {
      return object(m, s, path);
    }
    if (types.contains("array") && v instanceof YamlList l) {
      return array(l, s, path);
    }
    if (v instanceof YamlScalar sc) {
      if (types.contains("string") && s.has("x-unit")) {
        return quantity(sc, s, path);
      }
      if (types.contains("boolean")
          && sc.plain()
          && (sc.text().equals("true") || sc.text().equals("false"))) {
        return Boolean.valueOf(sc.text());
      }
      if (types.contains("integer") && sc.plain()) {
        Long l = Scalars.parseLong(sc.text());
        if (l != null) {
          return checkNumber(sc, s, path, l.doubleValue()) && checkEnum(sc, s, path, l) ? l : null;
        }
      }
      if (types.contains("number") && sc.plain()) {
        Double d = Scalars.parseDouble(sc.text());
        if (d != null) {
          return checkNumber(sc, s, path, d) && checkEnum(sc, s, path, d) ? d : null;
        }
      }
      if (types.contains("string")) {
        return string(sc, s, path);
      }
    }
    problem(v, path, text(v), "expected " + expected(s) + ", got " + kind(v));
    return null;
  }

  private Object object(YamlMap m, JsonNode s, String path) {
    Map<String, Object> out = new LinkedHashMap<>();
    JsonNode props = s.path("properties");
    JsonNode additional = s.get("additionalProperties");
    List<String> known = new ArrayList<>();
    props.fieldNames().forEachRemaining(known::add);
    // Unknown keys first, in file order.
    for (Map.Entry<String, YamlValue> e : m.entries().entrySet()) {
      String key = e.getKey();
      if (props.has(key)) {
        continue;
      }
      String childPath = join(path, key);
      if (additional != null && additional.isObject()) {
        Object child = value(e.getValue(), additional, childPath);
        if (child != null) {
          out.put(key, child);
        }
      } else if (additional == null || additional.asBoolean(true)) {
        out.put(key, text(e.getValue()));
      } else {
        problem(e.getValue(), childPath, key, SchemaMessages.unknownKey(key, known));
      }
    }
    Map<String, List<String>> exclusiveGroup = exclusiveGroups(m, s, path);
    for (JsonNode r : s.path("required")) {
      if (!m.entries().containsKey(r.asText())) {
        problem(
            m,
            join(path, r.asText()),
            "",
            SchemaMessages.missingKey(schema, r.asText(), props.path(r.asText())));
      }
    }
    for (String key : known) {
      String childPath = join(path, key);
      YamlValue given = m.entries().get(key);
      JsonNode ps = schema.resolve(props.get(key));
      if (given == null) {
        List<String> group = exclusiveGroup.get(key);
        boolean otherGiven =
            group != null && group.stream().anyMatch(k -> m.entries().containsKey(k));
        if (ps.has("default") && !otherGiven) {
          given = Scalars.fromJson(ps.get("default"), m.line(), m.column());
        } else if (types(ps).contains("object")
            && !ps.has("required")
            && implicitAllowed(ps, m)
            && !ps.has("oneOf")) {
          given = YamlMap.empty(m.line(), m.column());
        } else {
          continue;
        }
      }
      Object child = value(given, ps, childPath);
      if (child != null) {
        out.put(key, child);
      }
    }
    return out;
  }

  /** {@code x-implicit-when: {key: value}}: create the absent object only when siblings match. */
  private static boolean implicitAllowed(JsonNode ps, YamlMap siblings) {
    JsonNode when = ps.get("x-implicit-when");
    if (when == null) {
      return true;
    }
    for (Map.Entry<String, JsonNode> e : when.properties()) {
      if (!(siblings.entries().get(e.getKey()) instanceof YamlScalar sc)
          || !sc.text().equals(e.getValue().asText())) {
        return false;
      }
    }
    return true;
  }

  /** Reports groups with more than one key given; returns key to its group. */
  private Map<String, List<String>> exclusiveGroups(YamlMap m, JsonNode s, String path) {
    Map<String, List<String>> byKey = new HashMap<>();
    for (JsonNode g : s.path("x-exclusive")) {
      List<String> group = new ArrayList<>();
      g.forEach(k -> group.add(k.asText()));
      group.forEach(k -> byKey.put(k, group));
      List<String> given = group.stream().filter(m.entries()::containsKey).toList();
      if (given.size() > 1) {
        YamlValue second = m.entries().get(given.get(1));
        problem(
            second, join(path, given.get(1)), text(second), SchemaMessages.exclusive(group, given));
      }
    }
    return byKey;
  }

  private Object array(YamlList l, JsonNode s, String path) {
    int n = l.items().size();
    if (s.has("minItems") && n < s.get("minItems").asInt()) {
      problem(l, path, "", SchemaMessages.tooFew(s, n));
    }
    if (s.has("maxItems") && n > s.get("maxItems").asInt()) {
      problem(l, path, "", "allows at most " + s.get("maxItems").asInt() + " entries, has " + n);
    }
    List<Object> out = new ArrayList<>();
    JsonNode items = s.get("items");
    for (int i = 0; i < n; i++) {
      Object child =
          items == null
              ? text(l.items().get(i))
              : value(l.items().get(i), items, path + "[" + i + "]");
      out.add(child); // nulls keep indices aligned with the file
    }
    return out;
  }

  private Object quantity(YamlScalar sc, JsonNode s, String path) {
    String canonical = s.get("x-unit").asText();
    String[] error = new String[1];
    var q = Quantity.parse(sc.text(), canonical, error);
    if (q.isEmpty()) {
      problem(sc, path, sc.text(), error[0]);
      return null;
    }
    double v = q.get().value();
    double min = s.path("x-minimum").asDouble(Double.NEGATIVE_INFINITY);
    double max = s.path("x-maximum").asDouble(Double.POSITIVE_INFINITY);
    if (v < min || v > max) {
      problem(
          sc,
          path,
          sc.text(),
          "out of range: allowed "
              + Scalars.format(min)
              + " .. "
              + Scalars.format(max)
              + " "
              + canonical
              + ", got "
              + shown(sc.text()));
      return null;
    }
    return q.get();
  }

  private Object string(YamlScalar sc, JsonNode s, String path) {
    String t = sc.text();
    if (s.has("minLength") && t.length() < s.get("minLength").asInt()) {
      problem(sc, path, t, "must not be empty");
      return null;
    }
    if (s.has("maxLength") && t.length() > s.get("maxLength").asInt()) {
      problem(sc, path, shown(t), SchemaMessages.tooLong(schema, t, s));
      return null;
    }
    if (s.has("enum")) {
      List<String> allowed = new ArrayList<>();
      s.get("enum").forEach(e -> allowed.add(e.asText()));
      if (!allowed.contains(t)) {
        problem(sc, path, t, SchemaMessages.notAllowed(t, allowed));
        return null;
      }
    }
    if (s.has("pattern") && !Pattern.compile(s.get("pattern").asText()).matcher(t).find()) {
      problem(sc, path, shown(t), SchemaMessages.noMatch(schema, t, s));
      return null;
    }
    return t;
  }

  private boolean checkNumber(YamlScalar sc, JsonNode s, String path, double v) {
    String range = range(s);
    boolean ok =
        (!s.has("minimum") || v >= s.get("minimum").asDouble())
            && (!s.has("maximum") || v <= s.get("maximum").asDouble())
            && (!s.has("exclusiveMinimum") || v > s.get("exclusiveMinimum").asDouble())
            && (!s.has("exclusiveMaximum") || v < s.get("exclusiveMaximum").asDouble());
    if (!ok) {
      problem(sc, path, sc.text(), "out of range: allowed " + range + ", got " + shown(sc.text()));
    }
    return ok;
  }

  private boolean checkEnum(YamlScalar sc, JsonNode s, String path, double v) {
    if (!s.has("enum")) {
      return true;
    }
    List<String> allowed = new ArrayList<>();
    for (JsonNode e : s.get("enum")) {
      if (e.asDouble() == v) {
        return true;
      }
      allowed.add(e.asText());
    }
    problem(sc, path, sc.text(), "not allowed: one of " + String.join(", ", allowed));
    return false;
  }

  private Object discriminated(YamlValue v, JsonNode s, String path) {
    String disc = s.get("x-discriminator").asText();
    Map<String, JsonNode> branches = new LinkedHashMap<>();
    for (JsonNode b : s.get("oneOf")) {
      JsonNode rb = schema.resolve(b);
      branches.put(rb.path("properties").path(disc).path("const").asText(), rb);
    }
    String allowed = String.join(", ", branches.keySet());
    if (!(v instanceof YamlMap m)) {
      problem(
          v,
          path,
          text(v),
          "expected a mapping with `" + disc + "` (" + allowed + "), got " + kind(v));
      return null;
    }
    YamlValue d = m.entries().get(disc);
    if (d == null) {
      problem(m, join(path, disc), "", "missing required key `" + disc + "`: one of " + allowed);
      return null;
    }
    JsonNode branch = d instanceof YamlScalar sc ? branches.get(sc.text()) : null;
    if (branch == null) {
      problem(
          d,
          join(path, disc),
          text(d),
          "unknown "
              + disc
              + " `"
              + text(d)
              + "`: one of "
              + allowed
              + Suggestions.didYouMean(text(d), branches.keySet()));
      return null;
    }
    return value(v, branch, path);
  }

  private Object oneOf(YamlValue v, JsonNode s, String path) {
    List<JsonNode> candidates = new ArrayList<>();
    for (JsonNode b : s.get("oneOf")) {
      JsonNode rb = schema.resolve(b);
      if (matchesKind(v, rb)) {
        candidates.add(b);
      }
    }
    List<ConfigProblem> firstProblems = null;
    for (JsonNode b : candidates) {
      List<ConfigProblem> trial = new ArrayList<>();
      SchemaValidator sub = new SchemaValidator(schema, file, trial);
      Object out = sub.value(v, b, path);
      if (trial.isEmpty()) {
        positions.putAll(sub.positions);
        return out;
      }
      if (firstProblems == null) {
        firstProblems = trial;
      }
    }
    if (candidates.size() == 1) {
      problems.addAll(firstProblems);
    } else {
      problem(v, path, text(v), "expected " + s.path("description").asText(expected(s)));
    }
    return null;
  }

  private boolean matchesKind(YamlValue v, JsonNode s) {
    if (s.has("oneOf")) {
      for (JsonNode b : s.get("oneOf")) {
        if (matchesKind(v, schema.resolve(b))) {
          return true;
        }
      }
      return false;
    }
    Set<String> t = types(s);
    return switch (v) {
      case YamlMap m -> t.contains("object");
      case YamlList l -> t.contains("array");
      case YamlScalar sc ->
          (sc.plain() && Scalars.parseLong(sc.text()) != null)
              ? t.contains("integer") || t.contains("number")
              : t.contains("string") || t.contains("boolean") || t.contains("number");
    };
  }

  private static Set<String> types(JsonNode s) {
    return SchemaMessages.types(s);
  }

  private String expected(JsonNode s) {
    return SchemaMessages.expected(schema, s);
  }

  private static String range(JsonNode s) {
    return SchemaMessages.range(s);
  }

  private String describeKey(JsonNode s) {
    return SchemaMessages.describeKey(schema, s);
  }

  private static String kind(YamlValue v) {
    return switch (v) {
      case YamlMap m -> "a mapping";
      case YamlList l -> "a list";
      case YamlScalar sc ->
          sc.plain() ? "`" + sc.text() + "`" : "the quoted string \"" + sc.text() + "\"";
    };
  }

  private static String text(YamlValue v) {
    return switch (v) {
      case YamlScalar sc -> sc.text();
      case YamlMap m -> "{...}";
      case YamlList l -> "[...]";
    };
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
