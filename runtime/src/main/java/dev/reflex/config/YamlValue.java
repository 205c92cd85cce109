package dev.reflex.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as written, with the line and column of every value: mappings, sequences and
 * scalars (whose text is kept uninterpreted until the schema says what type it should be).
 */
public sealed interface YamlValue {

  /** 1-based line of the value's start. */
  int line();

  /** 1-based column of the value's start. */
  int column();

  /**
   * A mapping; keys in file order.
   *
   * @param entries key to value. Not modified after construction.
   * @param keyLines key to the 1-based line of the key itself
   */
  record YamlMap(
      Map<String, YamlValue> entries, Map<String, Integer> keyLines, int line, int column)
      implements YamlValue {
    /** An empty mapping located at {@code line}, {@code column}. */
    public static YamlMap empty(int line, int column) {
      return new YamlMap(new LinkedHashMap<>(), new LinkedHashMap<>(), line, column);
    }
  }

  /** A sequence. */
  record YamlList(List<YamlValue> items, int line, int column) implements YamlValue {}

  /**
   * A scalar.
   *
   * @param text the scalar's text
   * @param plain true when unquoted (only plain scalars are read as numbers, booleans or null)
   */
  record YamlScalar(String text, boolean plain, int line, int column) implements YamlValue {
    /** True for a plain {@code null}, {@code ~} or empty scalar. */
    public boolean isNull() {
      return plain && (text.isEmpty() || text.equals("~") || text.equals("null"));
    }
  }
}
