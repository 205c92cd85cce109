package dev.reflex.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A {@code --config} file: a YAML (or JSON) map from setting keys ({@link TrainConfig#keys()}) to
 * values. Lists become comma-separated text ({@code actor-hidden: [64, 64]}); {@code param} may be
 * a map of plant parameters ({@code param: {mass_kg: 1.2}}).
 */
public final class ConfigFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ConfigFile() {}

  /**
   * The file's settings as (key, text) pairs, in file order.
   *
   * @throws IllegalArgumentException naming the file and the problem
   */
  public static List<Map.Entry<String, String>> read(Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(
          "cannot read config file " + file + ": no such file or not readable");
    }
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "config file " + file + " is not valid YAML/JSON: " + e.getMessage().split("\n")[0], e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return List.of();
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException(
          "config file " + file + " must be a map of settings, e.g. 'gamma: 0.98'");
    }
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String key = f.getKey();
      if (!TrainConfig.keys().contains(key)) {
        throw new IllegalArgumentException(
            "config file "
                + file
                + ": unknown setting '"
                + key
                + "' (known: "
                + String.join(", ", TrainConfig.keys())
                + ")");
      }
      out.add(new AbstractMap.SimpleEntry<>(key, text(f.getValue(), file, key)));
    }
    return out;
  }

  private static String text(JsonNode v, Path file, String key) {
    if (v.isValueNode()) {
      return v.asText();
    }
    List<String> parts = new ArrayList<>();
    if (v.isArray()) {
      v.forEach(e -> parts.add(e.asText()));
    } else if (v.isObject() && key.equals("param")) {
      v.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
    } else {
      throw new IllegalArgumentException(
          "config file " + file + ": setting " + key + " must be a value or a list");
    }
    return String.join(",", parts);
  }
}
