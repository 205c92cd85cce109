package dev.reflex.config;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration that cannot be used, with every problem found in it (not just the first).
 * Unchecked: it is raised at load time, before anything starts, and ends the program with a
 * message.
 */
public final class ConfigException extends RuntimeException {
  private final transient List<ConfigProblem> problems;

  /** Creates the exception; {@code problems} must not be empty. They are sorted by position. */
  public ConfigException(List<ConfigProblem> problems) {
    this(sorted(problems), true);
  }

  private ConfigException(List<ConfigProblem> sorted, boolean unused) {
    super(summary(sorted));
    this.problems = sorted;
  }

  private static List<ConfigProblem> sorted(List<ConfigProblem> problems) {
    return problems.stream()
        .sorted(
            Comparator.comparing((ConfigProblem p) -> p.file().toString())
                .thenComparingInt(ConfigProblem::line)
                .thenComparingInt(ConfigProblem::column))
        .toList();
  }

  /** Every problem, in file then line order. Not modified. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String summary(List<ConfigProblem> problems) {
    return problems.size()
        + (problems.size() == 1 ? " problem" : " problems")
        + " in configuration:\n"
        + problems.stream().map(ConfigProblem::format).collect(Collectors.joining("\n"));
  }
}
