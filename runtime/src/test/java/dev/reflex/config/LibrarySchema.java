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
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 15's schema step, not wired in yet: the config read as ONE Jackson tree from Jackson's YAML
 * parser (with each node's line), validated by com.networknt:json-schema-validator against the same
 * {@code controller.schema.json} (with the project's {@code x-unit} quantities as a custom keyword
 * over {@link Quantity}), each library error mapped to a {@link ConfigProblem} with the project's
 * path form ({@code plant.pi4j.devices[0].counts_per_rev}) and line. What it does not do yet
 * (SchemaValidator does): x-exclusive, x-discriminator's one-branch messages, defaults, and the
 * project's message texts.
 */
final class LibrarySchema {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Schema SCHEMA =
      SchemaRegistry.withDialect(
              Dialect.builder(Dialects.getDraft202012()).keyword(new UnitKeyword()).build())
          .getSchema(JsonSchema.load("controller.schema.json").root());

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
      return new AbstractKeywordValidator(this, unit, location) {
        @Override
        public void validate(ExecutionContext ctx, JsonNode node, JsonNode root, NodePath at) {
          if (!node.isTextual()) {
            return;
          }
          String[] error = new String[1];
          var q = Quantity.parse(node.textValue(), unit.asText(), error);
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
                    + node.textValue();
          }
          if (message != null) {
            ctx.addError(
                Error.builder()
                    .keyword("x-unit")
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
    YAMLFactory yaml = new YAMLFactory();
    yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    try (JsonParser p = yaml.createParser(Files.readString(file))) {
      p.nextToken();
      return new Located(node(file, p, "", "", lines), lines);
    } catch (ReadProblem e) {
      throw e;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new ReadProblem(
          new ConfigProblem(file, line, 0, "", "", "YAML syntax error: " + e.getOriginalMessage()));
    }
  }

  private static JsonNode node(
      Path file, JsonParser p, String pointer, String path, Map<String, Integer> lines)
      throws IOException {
    lines.put(pointer, p.currentTokenLocation().getLineNr());
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        ObjectNode o = NODES.objectNode();
        while (next(file, p, path) == JsonToken.FIELD_NAME) {
          String name = p.currentName();
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
      throw new ReadProblem(
          new ConfigProblem(
              file, e.getLocation().getLineNr(), 0, key, "", "duplicate key `" + m.group(1) + "`"));
    }
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
    for (Error e : SCHEMA.validate(doc.root())) {
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
      out.add(
          new ConfigProblem(
              file,
              line == null ? 0 : line,
              0,
              path.toString(),
              String.valueOf(e.getInstanceNode()),
              e.getKeyword() + ": " + e.getMessage()));
    }
    return out;
  }
}
