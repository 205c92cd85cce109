package dev.reflex.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated configuration document: plain Java values ({@code Map<String, Object>} in schema
 * order, {@code List<Object>}, {@code String}, {@code Long}, {@code Double}, {@code Boolean},
 * {@link Quantity}) with every default filled in, plus the line and column of each value by field
 * path ({@code action[0].max}). Values that failed validation are absent.
 */
final class ConfigTree {
  private final Path file;
  private final Map<String, Object> root;
  private final Map<String, int[]> positions;

  ConfigTree(Path file, Map<String, Object> root, Map<String, int[]> positions) {
    this.file = file;
    this.root = root;
    this.positions = positions;
  }

  static ConfigTree empty(Path file) {
    return new ConfigTree(file, new java.util.LinkedHashMap<>(), new HashMap<>());
  }

  /** The file the tree was read from. */
  Path file() {
    return file;
  }

  /** The document's root mapping. Modifiable (derived defaults are filled in by the loader). */
  Map<String, Object> root() {
    return root;
  }

  /** The value at {@code path} (dots and {@code [i]}), or null when absent. */
  Object get(String path) {
    Object node = root;
    for (String part : path.split("\\.")) {
      String key = part;
      int index = -1;
      int bracket = part.indexOf('[');
      if (bracket >= 0) {
        key = part.substring(0, bracket);
        index = Integer.parseInt(part.substring(bracket + 1, part.length() - 1));
      }
      if (!(node instanceof Map<?, ?> m)) {
        return null;
      }
      node = m.get(key);
      if (index >= 0) {
        if (!(node instanceof List<?> l) || index >= l.size()) {
          return null;
        }
        node = l.get(index);
      }
    }
    return node;
  }

  /** Line of {@code path}, or of its nearest ancestor that has one. */
  int line(String path) {
    return position(path)[0];
  }

  private int[] position(String path) {
    String p = path;
    while (true) {
      int[] pos = positions.get(p);
      if (pos != null) {
        return pos;
      }
      if (p.isEmpty()) {
        return new int[] {1, 1};
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut < 0 ? "" : p.substring(0, cut);
    }
  }

  /** Records where {@code path}'s value was written. */
  void position(String path, int line, int column) {
    positions.put(path, new int[] {line, column});
  }

  /** A problem at {@code path}, showing the value found there. */
  ConfigProblem problem(String path, String message) {
    int[] pos = position(path);
    Object v = get(path);
    return new ConfigProblem(file, pos[0], pos[1], path, v == null ? "" : display(v), message);
  }

  static String display(Object v) {
    return v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15
        ? Long.toString(d.longValue())
        : String.valueOf(v);
  }
}
