package dev.reflex.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AbstractKeywordValidator;
import com.networknt.schema.keyword.Keyword;
import com.networknt.schema.keyword.KeywordValidator;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The project's schema keywords for com.networknt's validator, as {@link ConfigReader} uses them.
 */
final class SchemaKeywords {
  private SchemaKeywords() {}

  /**
   * JSON Schema's {@code type}, except that a number written with a fraction or exponent ({@code
   * 1883.0}, {@code 1e3}) is not an integer (JSON Schema counts 1883.0 as one; the config does not,
   * as the project never has).
   */
  static final class IntegerTypeKeyword implements Keyword {
    private static final Keyword STANDARD = Dialects.getDraft202012().getKeywords().get("type");

    @Override
    public String getValue() {
      return "type";
    }

    @Override
    public KeywordValidator newValidator(
        SchemaLocation location, JsonNode type, Schema parent, SchemaContext context) {
      KeywordValidator standard;
      try {
        standard = STANDARD.newValidator(location, type, parent, context);
      } catch (Exception e) {
        throw new IllegalStateException("the standard type keyword", e);
      }
      Set<String> types = new java.util.HashSet<>();
      if (type.isArray()) {
        type.forEach(t -> types.add(t.asText()));
      } else {
        types.add(type.asText());
      }
      boolean integerOnly = types.contains("integer") && !types.contains("number");
      return new AbstractKeywordValidator(this, type, location) {
        @Override
        public void validate(ExecutionContext ctx, JsonNode node, JsonNode root, NodePath at) {
          if (integerOnly && node.isFloatingPointNumber() && !types.contains("string")) {
            ctx.addError(
                Error.builder()
                    .keyword("type")
                    .schemaLocation(location)
                    .instanceLocation(at)
                    .instanceNode(node)
                    .message("not an integer")
                    .build());
            return;
          }
          standard.validate(ctx, node, root, at);
        }
      };
    }
  }

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
   * its unit ({@code 500 Hz}), parsed by the project's {@link Quantity} and range-checked with the
   * project's message. Numbers (a key that carries its unit) are left to {@code type}.
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
}
