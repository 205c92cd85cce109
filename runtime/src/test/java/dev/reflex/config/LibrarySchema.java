package dev.reflex.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AbstractKeywordValidator;
import com.networknt.schema.keyword.Keyword;
import com.networknt.schema.keyword.KeywordValidator;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Issue 15's schema step, not wired in yet: the config read as ONE Jackson tree from Jackson's YAML
 * parser (with each node's line), validated by com.networknt:json-schema-validator against the same
 * {@code controller.schema.json} (the project's {@code x-unit} and {@code x-exclusive} as custom
 * keywords, {@code x-discriminator} as a narrowing of oneOf errors), each library error mapped to a
 * {@link ConfigProblem} with the project's path form ({@code
 * plant.pi4j.devices[0].counts_per_rev}), line and {@link SchemaMessages} text. What it does not do
 * yet (SchemaValidator does): fill in defaults (with x-implicit-when) and hand the rules a tree.
 */
final class LibrarySchema {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Schema SCHEMA =
      SchemaRegistry.withDialect(
              Dialect.builder(Dialects.getDraft202012())
                  .keyword(new UnitKeyword())
                  .keyword(new ExclusiveKeyword())
                  // read by the keywords above or by the narrowing of oneOf errors below
                  .keyword(new NonValidationKeyword("x-minimum"))
                  .keyword(new NonValidationKeyword("x-maximum"))
                  .keyword(new NonValidationKeyword("x-discriminator"))
                  // decides which absent objects get defaults: nothing to validate
                  .keyword(new NonValidationKeyword("x-implicit-when"))
                  .build())
          .getSchema(JsonSchema.load("controller.schema.json").root());

  /** The schema's {@code x-exclusive}: at most one key of each group, reported at the second. */
  static final class ExclusiveKeyword implements Keyword {
    @Override
    public String getValue() {
      return "x-exclusive";
    }

    @Override
    public KeywordValidator newValidator(
        SchemaLocation location, JsonNode groups, Schema parent, SchemaContext context) {
      return new AbstractKeywordValidator(this, groups, location) {
        @Override
        public void validate(ExecutionContext ctx, JsonNode node, JsonNode root, NodePath at) {
          if (!node.isObject()) {
            return;
          }
          for (JsonNode g : groups) {
            List<String> group = new ArrayList<>();
            g.forEach(k -> group.add(k.asText()));
            List<String> given = group.stream().filter(node::has).toList();
            if (given.size() > 1) {
              ctx.addError(
                  Error.builder()
                      .keyword("x-exclusive")
                      .schemaLocation(location)
                      .instanceLocation(at.append(given.get(1)))
                      .instanceNode(node.get(given.get(1)))
                      .message(SchemaMessages.exclusive(group, given))
                      .build());
            }
          }
        }
      };
    }
  }

  /**
   * The schema's {@code x-unit} with {@code x-minimum}/{@code x-maximum}: a quantity written with
   * its unit ({@code 500 Hz}), parsed by the project's {@link Quantity} and range-checked with
   * SchemaValidator's message. Numbers (a key that carries its unit) are left to {@code type}.
   */
  static final class UnitKeyword implements Keyword {
    @Override
    public String getValue() {
      return "x-unit";
    }

    @Override
    public KeywordValidator newValidator(
        SchemaLocation location, JsonNode unit, Schema parent, SchemaContext context) {
      JsonNode s = parent.getSchemaNode();
      double min = s.path("x-minimum").asDouble(Double.NEGATIVE_INFINITY);
      double max = s.path("x-maximum").asDouble(Double.POSITIVE_INFINITY);
      // a number key with x-unit carries its unit in the key (step_ms): numbers are plain values
      boolean numeric = s.path("type").asText("").matches("number|integer");
      return new AbstractKeywordValidator(this, unit, location) {
        @Override
        public void validate(ExecutionContext ctx, JsonNode node, JsonNode root, NodePath at) {
          if (!node.isTextual() && !(node.isNumber() && !numeric)) {
            return;
          }
          String[] error = new String[1];
          var q = Quantity.parse(node.asText(), unit.asText(), error);
          String message = null;
          if (q.isEmpty()) {
            message = error[0];
          } else if (q.get().value() < min || q.get().value() > max) {
            message =
                "out of range: allowed "
                    + Scalars.format(min)
                    + " .. "
                    + Scalars.format(max)
                    + " "
                    + unit.asText()
                    + ", got "
                    + node.asText();
          }
          if (message != null) {
            ctx.addError(
                Error.builder()
                    .keyword("x-unit")
                    .schemaLocation(location)
                    .instanceLocation(at)
                    .instanceNode(node)
                    .message(message)
                    .build());
          }
        }
      };
    }
  }

  /** A YAML document as one Jackson tree, and the 1-based line of each node by JSON pointer. */
  record Located(JsonNode root, Map<String, Integer> lines) {}

  private LibrarySchema() {}

  /** A problem found while reading: YAML syntax, a duplicate key. */
  static final class ReadProblem extends IOException {
    final ConfigProblem problem;

    ReadProblem(ConfigProblem problem) {
      super(problem.format());
      this.problem = problem;
    }
  }

  static Located read(Path file) throws IOException {
    Map<String, Integer> lines = new HashMap<>();
    FIRST_LINES.get().clear();
    YAMLFactory yaml = new YAMLFactory();
    yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    try (JsonParser p = yaml.createParser(Files.readString(file))) {
      p.nextToken();
      return new Located(node(file, p, "", "", lines), lines);
    } catch (ReadProblem e) {
      throw e;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      String why =
          e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m
              ? m.getProblem()
              : e.getOriginalMessage();
      throw new ReadProblem(new ConfigProblem(file, line, 0, "", "", "YAML syntax error: " + why));
    }
  }

  private static JsonNode node(
      Path file, JsonParser p, String pointer, String path, Map<String, Integer> lines)
      throws IOException {
    lines.put(pointer, p.currentTokenLocation().getLineNr());
    JsonToken t = p.currentToken();
    int line = p.currentTokenLocation().getLineNr();
    String tag =
        p instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser y ? y.getTypeId() : null;
    if (tag != null) {
      throw new ReadProblem(
          new ConfigProblem(
              file,
              line,
              0,
              path,
              "",
              "YAML tag `"
                  + tag.replace("tag:yaml.org,2002:", "!!")
                  + "` is not supported: write the value plainly (quote a string)"));
    }
    if (t == JsonToken.VALUE_STRING && p.getText().indexOf('\0') >= 0) {
      throw new ReadProblem(
          new ConfigProblem(
              file, line, 0, path, "", "contains a NUL character (\\0), not allowed"));
    }
    switch (t) {
      case START_OBJECT -> {
        ObjectNode o = NODES.objectNode();
        while (next(file, p, path) == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          FIRST_LINES
              .get()
              .putIfAbsent(
                  path.isEmpty() ? name : path + "." + name, p.currentTokenLocation().getLineNr());
          p.nextToken();
          o.set(
              name,
              node(
                  file,
                  p,
                  pointer + "/" + name.replace("~", "~0").replace("/", "~1"),
                  path.isEmpty() ? name : path + "." + name,
                  lines));
        }
        return o;
      }
      case START_ARRAY -> {
        ArrayNode a = NODES.arrayNode();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          a.add(node(file, p, pointer + "/" + i, path + "[" + i + "]", lines));
          i++;
        }
        return a;
      }
      case VALUE_NUMBER_INT -> {
        return NODES.numberNode(p.getBigIntegerValue());
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(p.getDecimalValue());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return NODES.booleanNode(t == JsonToken.VALUE_TRUE);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> {
        return NODES.textNode(p.getText());
      }
    }
  }

  /** Line of each key's first occurrence by project path, while {@link #read} runs. */
  private static final ThreadLocal<Map<String, Integer>> FIRST_LINES =
      ThreadLocal.withInitial(HashMap::new);

  private static final java.util.regex.Pattern DUPLICATE =
      java.util.regex.Pattern.compile("Duplicate field '(.*)'");

  /** The next token; a duplicate key becomes a problem at that key (its path and line). */
  private static JsonToken next(Path file, JsonParser p, String path) throws IOException {
    try {
      return p.nextToken();
    } catch (com.fasterxml.jackson.core.JsonParseException e) {
      var m = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
      if (!m.find()) {
        throw e;
      }
      String key = path.isEmpty() ? m.group(1) : path + "." + m.group(1);
      Integer first = FIRST_LINES.get().get(key);
      throw new ReadProblem(
          new ConfigProblem(
              file,
              e.getLocation().getLineNr(),
              0,
              key,
              "",
              "duplicate key" + (first == null ? "" : " (first given on line " + first + ")")));
    }
  }

  private static final JsonSchema PROJECT = JsonSchema.load("controller.schema.json");

  /** The schema object holding the error's keyword. */
  private static JsonNode holder(Error e) {
    List<Object> f = elements(e.getSchemaLocation().getFragment());
    StringBuilder owner = new StringBuilder();
    for (Object el : f.subList(0, Math.max(0, f.size() - 1))) {
      owner.append('/').append(el);
    }
    return PROJECT.root().at(owner.toString());
  }

  /** The project's text for a library error (SchemaMessages), null to drop it. */
  private static String message(Error e, String property) {
    JsonNode s = holder(e);
    JsonNode v = e.getInstanceNode();
    String text = v == null ? "" : v.isTextual() ? v.textValue() : v.toString();
    return switch (e.getKeyword()) {
      case "required" ->
          SchemaMessages.missingKey(PROJECT, property, s.path("properties").path(property));
      case "additionalProperties" -> {
        List<String> known = new ArrayList<>();
        s.path("properties").fieldNames().forEachRemaining(known::add);
        yield SchemaMessages.unknownKey(property, known);
      }
      case "type" ->
          s.has("x-unit")
              ? null
              : "expected " + SchemaMessages.expected(PROJECT, s) + ", got `" + text + "`";
      case "pattern" -> s.has("x-unit") ? null : SchemaMessages.noMatch(PROJECT, text, s);
      case "maxLength" -> SchemaMessages.tooLong(PROJECT, text, s);
      case "minLength" -> "must not be empty";
      case "minItems" -> SchemaMessages.tooFew(s, v == null ? 0 : v.size());
      case "enum" -> {
        List<String> allowed = new ArrayList<>();
        s.get("enum").forEach(x -> allowed.add(x.asText()));
        yield SchemaMessages.notAllowed(text, allowed);
      }
      case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" ->
          "out of range: allowed "
              + SchemaMessages.range(s)
              + ", got "
              + SchemaValidator.shown(text);
      default -> e.getMessage();
    };
  }

  private static List<Object> elements(NodePath p) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < p.getNameCount(); i++) {
      out.add(p.getElement(i));
    }
    return out;
  }

  private static boolean startsWith(List<Object> list, List<Object> prefix) {
    return list.size() >= prefix.size() && list.subList(0, prefix.size()).equals(prefix);
  }

  /**
   * The schema's {@code x-discriminator}: of a {@code oneOf} whose branches fix {@code type} by
   * {@code const}, only the branch the instance names is reported (as SchemaValidator does), not
   * every branch's mismatch; an instance naming no branch gets one problem at its discriminator.
   */
  private static List<Error> discriminated(
      List<Error> errors, JsonNode root, List<ConfigProblem> out, Path file, Located doc) {
    JsonNode schema = JsonSchema.load("controller.schema.json").root();
    List<Error> kept = new ArrayList<>(errors);
    for (Error e : errors) {
      if (!"oneOf".equals(e.getKeyword())) {
        continue;
      }
      List<Object> fragment = elements(e.getSchemaLocation().getFragment());
      StringBuilder owner = new StringBuilder();
      for (Object el : fragment.subList(0, fragment.size() - 1)) {
        owner.append('/').append(el);
      }
      JsonNode holder = schema.at(owner.toString());
      String disc = holder.path("x-discriminator").asText("");
      List<Object> at = elements(e.getInstanceLocation());
      if (disc.isEmpty()) {
        // a plain oneOf (a pin: a number or a name): judged by the one branch of the value's type
        JsonNode v = e.getInstanceNode();
        String kind =
            v == null
                ? ""
                : v.isIntegralNumber()
                    ? "integer"
                    : v.isNumber()
                        ? "number"
                        : v.isTextual()
                            ? "string"
                            : v.isBoolean() ? "boolean" : v.isArray() ? "array" : "object";
        JsonNode branches = holder.get("oneOf");
        int match = -1;
        int matches = 0;
        for (int b = 0; b < branches.size(); b++) {
          JsonNode branch = PROJECT.resolve(branches.get(b));
          Set<String> types = SchemaMessages.types(branch);
          if (types.contains(kind) || (kind.equals("integer") && types.contains("number"))) {
            match = b;
            matches++;
          }
        }
        if (matches == 1) {
          final int keep = match;
          kept.remove(e);
          kept.removeIf(
              x -> {
                List<Object> xf = elements(x.getSchemaLocation().getFragment());
                return startsWith(xf, fragment)
                    && xf.size() > fragment.size()
                    && !xf.get(fragment.size()).equals(keep)
                    && elements(x.getInstanceLocation()).equals(at);
              });
        }
        continue;
      }
      StringBuilder pointer = new StringBuilder();
      StringBuilder path = new StringBuilder();
      for (Object el : at) {
        pointer.append('/').append(el);
        path.append(el instanceof Integer i ? "[" + i + "]" : (path.isEmpty() ? "" : ".") + el);
      }
      String value = root.at(pointer.toString()).path(disc).asText("");
      JsonNode branches = holder.get("oneOf");
      int chosen = -1;
      List<String> names = new ArrayList<>();
      for (int b = 0; b < branches.size(); b++) {
        String c = branches.get(b).path("properties").path(disc).path("const").asText();
        names.add(c);
        if (c.equals(value)) {
          chosen = b;
        }
      }
      kept.remove(e);
      final int keep = chosen;
      kept.removeIf(
          x -> {
            List<Object> xf = elements(x.getSchemaLocation().getFragment());
            if (!startsWith(xf, fragment) || !startsWith(elements(x.getInstanceLocation()), at)) {
              return false;
            }
            return xf.size() == fragment.size() || !xf.get(fragment.size()).equals(keep);
          });
      if (chosen < 0) {
        Integer line = doc.lines().get(pointer + "/" + disc);
        out.add(
            new ConfigProblem(
                file,
                line == null ? doc.lines().getOrDefault(pointer.toString(), 0) : line,
                0,
                path + "." + disc,
                value,
                "unknown "
                    + disc
                    + " `"
                    + value
                    + "`: one of "
                    + String.join(", ", names)
                    + Suggestions.didYouMean(value, names)));
      }
    }
    return kept;
  }

  /** Library errors as problems: project path, the line of the node (or of the named key). */
  static List<ConfigProblem> validate(Path file) throws IOException {
    Located doc;
    try {
      doc = read(file);
    } catch (ReadProblem e) {
      return List.of(e.problem);
    }
    List<ConfigProblem> out = new ArrayList<>();
    List<Error> errors = discriminated(SCHEMA.validate(doc.root()), doc.root(), out, file, doc);
    for (Error e : errors) {
      NodePath at = e.getInstanceLocation();
      StringBuilder path = new StringBuilder();
      StringBuilder pointer = new StringBuilder();
      for (int i = 0; i < at.getNameCount(); i++) {
        Object el = at.getElement(i);
        if (el instanceof Integer index) {
          path.append('[').append(index).append(']');
        } else {
          path.append(path.isEmpty() ? "" : ".").append(el);
        }
        pointer.append('/').append(el);
      }
      String property = e.getProperty();
      boolean keyed =
          property != null
              && ("required".equals(e.getKeyword())
                  || "additionalProperties".equals(e.getKeyword()));
      if (keyed) {
        path.append(path.isEmpty() ? "" : ".").append(property);
      }
      Integer line =
          "additionalProperties".equals(e.getKeyword())
              ? doc.lines().get(pointer + "/" + property)
              : doc.lines().get(pointer.toString());
      String message = message(e, property);
      if (message == null) {
        continue; // reported by another keyword (x-unit over type/pattern)
      }
      out.add(
          new ConfigProblem(
              file,
              line == null ? 0 : line,
              0,
              path.toString(),
              String.valueOf(e.getInstanceNode()),
              message));
    }
    return out;
  }
}
