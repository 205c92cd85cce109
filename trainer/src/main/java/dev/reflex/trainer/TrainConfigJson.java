package dev.reflex.trainer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflex.learning.Algorithm;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link TrainConfig} as a flat JSON object of strings ({@link TrainConfig#describe}), the form
 * stored in a checkpoint's {@code trainer_config} metadata.
 */
public final class TrainConfigJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainConfigJson() {}

  /** The JSON text. */
  public static String write(TrainConfig cfg) {
    try {
      return JSON.writeValueAsString(cfg.describe());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a map of strings", e);
    }
  }

  /**
   * Parses JSON written by {@link #write}.
   *
   * @throws IllegalArgumentException naming the problem
   */
  public static TrainConfig read(String json) {
    Map<String, String> m;
    try {
      m = JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("trainer_config is not a JSON object of strings", e);
    }
    String env = m.remove("env");
    String algo = m.remove("algorithm");
    if (env == null || algo == null) {
      throw new IllegalArgumentException("trainer_config lacks env or algorithm");
    }
    TrainConfig cfg = new TrainConfig(env, Algorithm.parse(algo));
    m.forEach(cfg::set);
    return cfg;
  }
}
