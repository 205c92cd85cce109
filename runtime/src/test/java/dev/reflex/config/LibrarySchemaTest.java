package dev.reflex.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Issue 15's schema step (not wired in): {@link LibrarySchema} — one Jackson YAML tree with lines,
 * com.networknt:json-schema-validator over {@code controller.schema.json} — agrees with the
 * project's {@link SchemaValidator} where the schema alone decides: every shipped config is valid,
 * and each schema-level case of {@link BrokenConfigTest}'s table is found at the same path and
 * line. The table's other cases are cross-field rules (PlantRules, SignalRules, CrossFieldRules),
 * which stay project code.
 */
class LibrarySchemaTest {
  @TempDir Path dir;

  /** The table's cases the schema (and YAML reading) alone decide, SchemaValidator's job today. */
  static final Set<String> SCHEMA_CASES =
      Set.of(
          "missing key",
          "out of range",
          "wrong type",
          "unknown key with suggestion",
          "unknown top-level key",
          "unit missing",
          "wrong unit",
          "pin beyond the header",
          "unknown device type",
          "duplicate key",
          "yaml syntax");

  /** The cases where the mapped library problem already has SchemaValidator's exact text. */
  static final Set<String> SAME_TEXT =
      Set.of(
          "missing key",
          "wrong type",
          "unknown key with suggestion",
          "unknown top-level key",
          "out of range",
          "unit missing",
          "wrong unit",
          "unknown device type",
          "pin beyond the header",
          "duplicate key",
          "yaml syntax");

  /**
   * Issue 20's schema-level config cases (a shipped config edited): the library mapping gives the
   * loader's exact line. {text to replace, replacement, path}.
   */
  @Test
  void shouldGiveTheLoadersLineForTheHostileSchemaCases() throws Exception {
    String base =
        Files.readString(Path.of("..", "firmware-config", "controllers", "pendulum-hil.yaml"))
            .replace("../actors/pendulum.safetensors", "pendulum.safetensors");
    Files.copy(
        Path.of("..", "firmware-config", "actors", "pendulum.safetensors"),
        dir.resolve("pendulum.safetensors"));
    String[][] cases = {
      {
        "embedded_port: 0",
        "embedded_port: 0\n  client_id: " + "c".repeat(300),
        "telemetry.client_id"
      },
      {"name: theta_dot,", "name: " + "x".repeat(200) + ",", "observation[2].name"},
      {"name: pendulum-hil", "name: " + "n".repeat(200), "name"},
      {"name: pendulum-hil", "name: pendulum-hil\ndescription: " + "d".repeat(5000), "description"},
      {"embedded_port: 0", "embedded_port: 0\n  root: \"reflex/a\\0b/\"", "telemetry.root"},
      {
        "stale_timeout_ms: 30\n    sensors",
        "stale_timeout_ms: !!str 30\n    sensors",
        "plant.udp.stale_timeout_ms"
      },
      {"nan_policy: safe", "nan_policy: saf", "safety.nan_policy"},
      {"rate: 100 Hz", "rate: 100 Hz\n  period_us: 10000", "loop.period_us"},
      {"sensors: [cos_theta, sin_theta, theta_dot_rad_s]", "sensors: []", "plant.udp.sensors"},
    };
    for (String[] c : cases) {
      assertTrue(base.contains(c[0]), c[0]);
      Path file = dir.resolve("hostile.yaml");
      Files.writeString(file, base.replace(c[0], c[1]));
      ConfigException x = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
      ConfigProblem mine =
          x.problems().stream().filter(p -> p.path().equals(c[2])).findFirst().orElseThrow();
      List<ConfigProblem> lib = LibrarySchema.of("controller.schema.json").validate(file);
      assertEquals(List.of(mine.format()), lib.stream().map(ConfigProblem::format).toList(), c[2]);
    }
  }

  @Test
  void shouldFindNoProblemInAnyShippedConfig() throws Exception {
    List<Path> shipped;
    try (var s = Files.list(Path.of("..", "firmware-config", "controllers"))) {
      shipped = s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(shipped.size() >= 7, shipped.toString());
    for (Path f : shipped) {
      ConfigLoader.load(f); // the project's loader accepts it
      assertEquals(List.of(), LibrarySchema.of("controller.schema.json").validate(f), f.toString());
    }
  }

  @Test
  void shouldFindEachSchemaCaseOfTheBrokenConfigTableAtTheSamePathAndLine() throws Exception {
    TinyActorFiles.write(dir.resolve("actor.safetensors"), 2, 1);
    int checked = 0;
    int i = 0;
    for (Arguments a : BrokenConfigTest.cases().toList()) {
      Object[] c = a.get();
      if (!SCHEMA_CASES.contains((String) c[0])) {
        continue;
      }
      Path file = dir.resolve("case" + i++ + ".yaml");
      Files.writeString(file, BrokenConfigTest.BASE.replace((String) c[1], (String) c[2]));
      List<ConfigProblem> lib = LibrarySchema.of("controller.schema.json").validate(file);
      assertTrue(
          lib.stream().anyMatch(p -> p.path().equals(c[4]) && p.line() == (int) c[3]),
          c[0] + ": want " + c[4] + " at line " + c[3] + ", library: " + lib);
      // a device of a known type is judged by its own branch only (x-discriminator)
      assertTrue(
          lib.stream().noneMatch(p -> p.message().startsWith("const:")),
          c[0] + ": other branches' mismatches reported: " + lib);
      if (c[0].equals("out of range") || c[0].equals("unknown device type")) {
        // the custom keyword gives SchemaValidator's text
        assertTrue(
            lib.stream().anyMatch(p -> p.message().contains((String) c[5])), c[0] + ": " + lib);
      }
      String project;
      try {
        ConfigLoader.load(file);
        project = "(loaded)";
      } catch (ConfigException x) {
        project = x.problems().stream().map(ConfigProblem::format).toList().toString();
      }
      System.out.println(c[0] + "\n  library: " + lib + "\n  project: " + project);
      if (SAME_TEXT.contains((String) c[0])) {
        ConfigException x = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        ConfigProblem mine =
            x.problems().stream().filter(p -> p.path().equals(c[4])).findFirst().orElseThrow();
        ConfigProblem theirs =
            lib.stream().filter(p -> p.path().equals(c[4])).findFirst().orElseThrow();
        assertEquals(mine.format(), theirs.format(), c[0] + ": the project's text");
      }
      checked++;
    }
    assertEquals(SCHEMA_CASES.size(), checked, "every named case is in the table");
  }

  /**
   * The tree the rules and the binder read, built from the one Jackson tree: the same values
   * (defaults, x-implicit-when, x-exclusive, quantities, Long/Double) at the same lines and columns
   * as SchemaValidator's, for every shipped config and the broken-config table's valid base.
   */
  @Test
  void shouldBuildSchemaValidatorsTreeFromTheJacksonTree() throws Exception {
    List<Path> files = new java.util.ArrayList<>();
    try (var s = Files.list(Path.of("..", "firmware-config", "controllers"))) {
      s.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(files::add);
    }
    TinyActorFiles.write(dir.resolve("actor.safetensors"), 2, 1);
    Path base = dir.resolve("base.yaml");
    Files.writeString(base, BrokenConfigTest.BASE);
    files.add(base);
    for (Path f : files) {
      List<ConfigProblem> problems = new java.util.ArrayList<>();
      ConfigTree old =
          SchemaValidator.validate(
              JsonSchema.load("controller.schema.json"), f, YamlReader.read(f, problems), problems);
      assertEquals(List.of(), problems, f.toString());
      assertEquals(List.of(), LibrarySchema.of("controller.schema.json").validate(f), f.toString());
      ConfigTree lib = LibrarySchema.of("controller.schema.json").tree(f);
      assertEquals(old.root(), lib.root(), f.toString());
      List<String> paths = new java.util.ArrayList<>();
      paths(old.root(), "", paths);
      assertTrue(paths.size() > 20, f + ": " + paths);
      for (String p : paths) {
        assertEquals(old.line(p), lib.line(p), f + ": line of " + p);
        assertEquals(
            old.problem(p, "").column(), lib.problem(p, "").column(), f + ": column of " + p);
      }
    }
  }

  private static void paths(Object v, String path, List<String> out) {
    out.add(path);
    if (v instanceof java.util.Map<?, ?> m) {
      m.forEach((k, x) -> paths(x, path.isEmpty() ? k.toString() : path + "." + k, out));
    } else if (v instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        paths(l.get(i), path + "[" + i + "]", out);
      }
    }
  }

  /**
   * Of each case of the broken-config table, the tree without the failed values is
   * SchemaValidator's, so the cross-field rules see the same document.
   */
  @Test
  void shouldLeaveOutTheFailedValuesAsSchemaValidatorDoes() throws Exception {
    TinyActorFiles.write(dir.resolve("actor.safetensors"), 2, 1);
    int compared = 0;
    int i = 0;
    for (Arguments a : BrokenConfigTest.cases().toList()) {
      Object[] c = a.get();
      Path file = dir.resolve("partial" + i++ + ".yaml");
      Files.writeString(file, BrokenConfigTest.BASE.replace((String) c[1], (String) c[2]));
      List<ConfigProblem> problems = new java.util.ArrayList<>();
      YamlValue doc = YamlReader.read(file, problems);
      ConfigTree lib = LibrarySchema.of("controller.schema.json").tree(file);
      if (doc == null) {
        assertEquals(null, lib, c[0] + ": unreadable");
        continue;
      }
      ConfigTree old =
          SchemaValidator.validate(JsonSchema.load("controller.schema.json"), file, doc, problems);
      assertEquals(old.root(), lib.root(), (String) c[0]);
      compared++;
    }
    assertTrue(compared >= 20, "cases compared: " + compared);
  }
}
