package dev.reflex.hil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON summary {@code run --report FILE} writes at exit, read by field name wherever the field
 * sits in the tree (the first match, depth first), so a scenario names the figure it needs ({@code
 * corrupt}, {@code deadline_misses}) without depending on the report's nesting.
 */
public final class RuntimeReport {
  private final Path file;
  private final JsonNode root;

  private RuntimeReport(Path file, JsonNode root) {
    this.file = file;
    this.root = root;
  }

  /** Reads {@code file}; an absent or unparsable file gives an empty report (every figure NaN). */
  public static RuntimeReport read(Path file) {
    ObjectMapper json = new ObjectMapper();
    try {
      if (file != null && Files.exists(file)) {
        return new RuntimeReport(file, json.readTree(file.toFile()));
      }
    } catch (IOException e) {
      // an empty report: the checks on its figures fail and name the file
    }
    return new RuntimeReport(file, json.missingNode());
  }

  /** True when the file existed and parsed. */
  public boolean present() {
    return !root.isMissingNode() && root != null;
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** The whole tree. */
  public JsonNode root() {
    return root;
  }

  /** The first numeric field named one of {@code names}, or NaN. */
  public double number(String... names) {
    for (String n : names) {
      JsonNode v = find(root, n);
      if (v != null && v.isNumber()) {
        return v.doubleValue();
      }
    }
    return Double.NaN;
  }

  /** The first field named {@code name} anywhere in {@code node}, depth first, or null. */
  public static JsonNode find(JsonNode node, String name) {
    if (node == null) {
      return null;
    }
    if (node.isObject()) {
      JsonNode direct = node.get(name);
      if (direct != null) {
        return direct;
      }
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        JsonNode f = find(it.next().getValue(), name);
        if (f != null) {
          return f;
        }
      }
    } else if (node.isArray()) {
      for (JsonNode e : node) {
        JsonNode f = find(e, name);
        if (f != null) {
          return f;
        }
      }
    }
    return null;
  }
}
