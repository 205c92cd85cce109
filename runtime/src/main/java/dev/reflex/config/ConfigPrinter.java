package dev.reflex.config;

import java.util.List;
import java.util.Map;

/**
 * Writes a {@link ConfigTree}'s values back as YAML in the config format (block style, keys in
 * schema order, quantities as written), so the output of {@code check-config --print} is itself a
 * valid config.
 */
final class ConfigPrinter {
  private ConfigPrinter() {}

  static String toYaml(Map<String, Object> root) {
    StringBuilder out = new StringBuilder();
    map(root, 0, out);
    return out.toString();
  }

  private static void map(Map<?, ?> m, int indent, StringBuilder out) {
    for (Map.Entry<?, ?> e : m.entrySet()) {
      out.append(" ".repeat(indent)).append(e.getKey()).append(':');
      value(e.getValue(), indent, out);
    }
  }

  private static void value(Object v, int indent, StringBuilder out) {
    switch (v) {
      case Map<?, ?> m when m.isEmpty() -> out.append(" {}\n");
      case Map<?, ?> m -> {
        out.append('\n');
        map(m, indent + 2, out);
      }
      case List<?> l when l.isEmpty() -> out.append(" []\n");
      case List<?> l -> {
        out.append('\n');
        for (Object item : l) {
          if (item instanceof Map<?, ?> m && !m.isEmpty()) {
            StringBuilder sub = new StringBuilder();
            map(m, indent + 4, sub);
            out.append(" ".repeat(indent + 2)).append("- ").append(sub.substring(indent + 4));
          } else {
            out.append(" ".repeat(indent + 2)).append('-');
            value(item, indent + 2, out);
          }
        }
      }
      case null -> out.append(" null\n");
      default -> out.append(' ').append(scalar(v)).append('\n');
    }
  }

  private static String scalar(Object v) {
    return switch (v) {
      case Double d -> Scalars.format(d);
      case Long l -> Long.toString(l);
      case Boolean b -> Boolean.toString(b);
      case Quantity q -> quote(q.text());
      default -> quote(String.valueOf(v));
    };
  }

  private static String quote(String s) {
    boolean plainSafe =
        !s.isEmpty()
            && s.matches("[A-Za-z0-9_./@+-][A-Za-z0-9_./@+ :-]*")
            && !s.contains(": ")
            && !s.endsWith(":")
            && !s.endsWith(" ")
            && Scalars.parseDouble(s) == null
            && !List.of("true", "false", "null", "yes", "no", "on", "off", "~").contains(s);
    return plainSafe ? s : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
