package dev.reflex.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads a controller config: YAML with positions, schema validation ({@code
 * controller.schema.json}, the copy in the jar), board profile, cross-field rules, then the
 * records. Every problem is collected before failing.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /**
   * Loads and validates {@code file}.
   *
   * @return the configuration, defaults filled in and units normalised
   * @throws ConfigException with every problem found, each naming file, line and field
   */
  public static ControllerConfig load(Path file) {
    Loaded loaded = read(file);
    if (!loaded.problems().isEmpty()) {
      throw new ConfigException(loaded.problems());
    }
    return ConfigBinder.bind(loaded.tree(), loaded.board());
  }

  /**
   * The effective configuration as YAML (defaults filled in), as {@code check-config --print} shows
   * it.
   *
   * @throws ConfigException when the file has problems
   */
  public static String effectiveYaml(Path file) {
    Loaded loaded = read(file);
    if (!loaded.problems().isEmpty()) {
      throw new ConfigException(loaded.problems());
    }
    return ConfigPrinter.toYaml(loaded.tree().root());
  }

  /**
   * Why an actor read for {@code config} (e.g. {@code run --actor FILE}) has action bounds outside
   * the config's action limits, or null when they fit: the message the loader gives for the
   * config's own {@code actor}.
   */
  public static String actorBoundsProblem(
      ControllerConfig config, Path file, dev.reflex.format.ActorScaling scaling) {
    int n = config.action().size();
    double[] min = new double[n];
    double[] max = new double[n];
    for (int i = 0; i < n; i++) {
      min[i] = config.action().get(i).min();
      max[i] = config.action().get(i).max();
    }
    return ActorFileCheck.boundsProblem(
        file.toAbsolutePath().normalize(), scaling.actionLow(), scaling.actionHigh(), min, max);
  }

  private record Loaded(ConfigTree tree, BoardProfile board, List<ConfigProblem> problems) {}

  private static Loaded read(Path file) {
    List<ConfigProblem> problems = new ArrayList<>();
    String text = ConfigReader.readText(file, problems);
    ConfigTree tree =
        text == null ? null : ConfigReader.of("controller.schema.json").load(file, text, problems);
    if (tree == null) {
      return new Loaded(ConfigTree.empty(file), null, problems);
    }
    BoardProfile board = null;
    if (tree.root().get("board") instanceof String name) {
      Path dir = file.toAbsolutePath().normalize().getParent();
      board = BoardProfiles.resolve(name, dir, file, tree.line("board"), problems);
    }
    CrossFieldRules.check(tree, board, problems);
    fillDerivedDefaults(tree.root());
    return new Loaded(tree, board, problems);
  }

  /** Telemetry ids and root that default to values derived from the controller name. */
  @SuppressWarnings("unchecked")
  private static void fillDerivedDefaults(Map<String, Object> root) {
    if (!(root.get("telemetry") instanceof Map<?, ?> t)
        || !(root.get("name") instanceof String name)) {
      return;
    }
    Map<String, Object> tel = (Map<String, Object>) t;
    if ("".equals(tel.get("device_id"))) {
      tel.put("device_id", name);
    }
    String deviceId = String.valueOf(tel.get("device_id"));
    if ("".equals(tel.get("client_id"))) {
      tel.put("client_id", "reflex-" + deviceId);
    }
    if ("".equals(tel.get("root"))) {
      tel.put("root", "reflex/" + deviceId + "/");
    }
  }
}
