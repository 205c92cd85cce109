package dev.reflex.hil;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a scenario asserted and the figures behind it, written as {@code report.json}: every check
 * is recorded (passed or not) before the test fails, so the report of a failing run says what went
 * wrong and by how much.
 */
public final class ScenarioReport {
  /** One assertion: its name, outcome and the numbers it compared. */
  public record Check(String name, boolean passed, String detail) {}

  private final String scenario;
  private final String description;
  private final List<Check> checks = new ArrayList<>();
  private final Map<String, Object> figures = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  /** A report for {@code scenario} (also its directory name). */
  public ScenarioReport(String scenario, String description) {
    this.scenario = scenario;
    this.description = description;
  }

  /** Scenario name. */
  public String scenario() {
    return scenario;
  }

  /** Records a figure (number, text, boolean or list) under {@code name}. */
  public ScenarioReport figure(String name, Object value) {
    figures.put(name, value);
    return this;
  }

  /** A free-text note (limits of what the scenario shows, what was skipped and why). */
  public ScenarioReport note(String text) {
    notes.add(text);
    return this;
  }

  /** Records a check. */
  public boolean check(String name, boolean passed, String detail) {
    checks.add(new Check(name, passed, detail));
    return passed;
  }

  /** Records {@code actual <= limit} (NaN fails). */
  public boolean atMost(String name, double actual, double limit) {
    return check(name, actual <= limit, fmt(actual) + " <= " + fmt(limit));
  }

  /** Records {@code actual >= limit} (NaN fails). */
  public boolean atLeast(String name, double actual, double limit) {
    return check(name, actual >= limit, fmt(actual) + " >= " + fmt(limit));
  }

  /** Every check so far. */
  public List<Check> checks() {
    return List.copyOf(checks);
  }

  /** True when at least one check was made and all passed. */
  public boolean passed() {
    return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
  }

  /** Writes {@code report.json} into {@code dir} and returns its path. */
  public Path write(Path dir) {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("scenario", scenario);
    root.put("description", description);
    root.put("passed", passed());
    ArrayNode cs = root.putArray("checks");
    for (Check c : checks) {
      ObjectNode o = cs.addObject();
      o.put("name", c.name());
      o.put("passed", c.passed());
      o.put("detail", c.detail());
    }
    root.set("figures", json.valueToTree(figures));
    root.set("notes", json.valueToTree(notes));
    Path file = dir.resolve("report.json");
    try {
      json.writeValue(file.toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  /** The failed checks, one per line (empty when all passed). */
  public String failures() {
    StringBuilder b = new StringBuilder();
    for (Check c : checks) {
      if (!c.passed()) {
        b.append("  FAILED ").append(c.name()).append(": ").append(c.detail()).append('\n');
      }
    }
    if (checks.isEmpty()) {
      b.append("  no checks were made\n");
    }
    return b.toString();
  }

  /** Formats a figure for a check's detail. */
  public static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
