package dev.reflex.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflex.config.YamlValue.YamlList;
import dev.reflex.config.YamlValue.YamlMap;
import dev.reflex.config.YamlValue.YamlScalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading plain YAML scalars as numbers, and schema defaults as YAML values. */
final class Scalars {
  private Scalars() {}

  /** Decimal or {@code 0x} hexadecimal integer (underscores allowed), or null. */
  static Long parseLong(String text) {
    String t = text.replace("_", "");
    try {
      if (t.startsWith("0x") || t.startsWith("0X")) {
        return Long.parseLong(t.substring(2), 16);
      }
      if (!t.matches("[-+]?[0-9]+")) {
        return null;
      }
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A finite decimal number ({@code 1}, {@code -0.5}, {@code 1e-4}), or null. */
  static Double parseDouble(String text) {
    Long l = parseLong(text);
    if (l != null) {
      return l.doubleValue();
    }
    if (!text.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
      return null;
    }
    double d = Double.parseDouble(text);
    return Double.isFinite(d) ? d : null;
  }

  /** {@code 100} for 100.0, {@code 0.5} for 0.5. */
  static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /** A schema default as a YAML value located at the parent mapping. */
  static YamlValue fromJson(JsonNode n, int line, int column) {
    if (n.isObject()) {
      YamlMap m = YamlMap.empty(line, column);
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        m.entries().put(e.getKey(), fromJson(e.getValue(), line, column));
        m.keyLines().put(e.getKey(), line);
      }
      return m;
    }
    if (n.isArray()) {
      List<YamlValue> items = new ArrayList<>();
      n.forEach(x -> items.add(fromJson(x, line, column)));
      return new YamlList(items, line, column);
    }
    return new YamlScalar(n.asText(), !n.isTextual(), line, column);
  }
}
