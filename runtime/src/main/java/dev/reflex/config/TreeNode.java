package dev.reflex.config;

import java.util.List;
import java.util.Map;

/**
 * Typed, null-tolerant access to one mapping of a {@link ConfigTree}: each getter returns the
 * fallback when the key is absent or of another type (the schema has already reported why), so
 * cross-field rules can run on a partly invalid document.
 *
 * @param map the mapping
 * @param path its field path
 */
record TreeNode(Map<?, ?> map, String path) {

  static TreeNode of(Object value, String path) {
    return new TreeNode(value instanceof Map<?, ?> m ? m : Map.of(), path);
  }

  String at(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  boolean has(String key) {
    return map.get(key) != null;
  }

  Object raw(String key) {
    return map.get(key);
  }

  String str(String key, String fallback) {
    return map.get(key) instanceof String s ? s : fallback;
  }

  double num(String key, double fallback) {
    return switch (map.get(key)) {
      case Double d -> d;
      case Long l -> l.doubleValue();
      case Quantity q -> q.value();
      case null, default -> fallback;
    };
  }

  long integer(String key, long fallback) {
    return map.get(key) instanceof Long l ? l : fallback;
  }

  boolean bool(String key, boolean fallback) {
    return map.get(key) instanceof Boolean b ? b : fallback;
  }

  TreeNode node(String key) {
    return of(map.get(key), at(key));
  }

  /** Entries of a list of mappings; invalid items are skipped, indices kept in the paths. */
  List<TreeNode> nodes(String key) {
    if (!(map.get(key) instanceof List<?> l)) {
      return List.of();
    }
    java.util.ArrayList<TreeNode> out = new java.util.ArrayList<>();
    for (int i = 0; i < l.size(); i++) {
      if (l.get(i) instanceof Map<?, ?> m) {
        out.add(new TreeNode(m, at(key) + "[" + i + "]"));
      }
    }
    return out;
  }

  /** Strings of a list; non-strings skipped. */
  List<String> strings(String key) {
    if (!(map.get(key) instanceof List<?> l)) {
      return List.of();
    }
    return l.stream().filter(String.class::isInstance).map(String.class::cast).toList();
  }

  /** Keys of a mapping value, with their nodes (for name -> {min, max} maps). */
  Map<String, TreeNode> children(String key) {
    java.util.LinkedHashMap<String, TreeNode> out = new java.util.LinkedHashMap<>();
    if (map.get(key) instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), of(v, at(key) + "." + k)));
    }
    return out;
  }
}
