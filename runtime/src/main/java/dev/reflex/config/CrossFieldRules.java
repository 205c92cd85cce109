package dev.reflex.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The rules a schema cannot express, run after schema validation on whatever is valid: plant and
 * pins ({@link PlantRules}), signals and the actor ({@link SignalRules}), and here loop cores,
 * timing relations, telemetry secrets and files.
 */
final class CrossFieldRules {
  private CrossFieldRules() {}

  /**
   * Runs every rule.
   *
   * @param board the resolved profile, or null when it failed to load
   * @param problems receives problems. Modified.
   */
  static void check(ConfigTree tree, BoardProfile board, List<ConfigProblem> problems) {
    var devices = PlantRules.check(tree, board, problems);
    SignalRules.check(tree, devices, problems);
    AddressRules.check(tree, problems);
    TreeNode root = TreeNode.of(tree.root(), "");
    long periodNs = periodNs(root.node("loop"));
    loop(tree, root.node("loop"), board, periodNs, problems);
    telemetry(tree, root.node("telemetry"), problems);
    safety(tree, root.node("safety"), periodNs, problems);
  }

  /** The loop period from {@code rate} or {@code period_us}; 10 ms when neither is valid. */
  static long periodNs(TreeNode loop) {
    if (loop.has("period_us")) {
      return loop.integer("period_us", 10_000) * 1_000L;
    }
    if (loop.raw("rate") instanceof Quantity q) {
      return Math.round(1e9 / q.value());
    }
    return 10_000_000L;
  }

  private static void loop(
      ConfigTree tree,
      TreeNode loop,
      BoardProfile board,
      long periodNs,
      List<ConfigProblem> problems) {
    long cpu = loop.integer("cpu", -1);
    long learner = loop.integer("learner_cpu", -1);
    if (board != null && board.cores() > 0) {
      for (String key : List.of("cpu", "learner_cpu")) {
        long c = loop.integer(key, -1);
        if (c >= board.cores()) {
          problems.add(
              tree.problem(
                  loop.at(key),
                  "cpu "
                      + c
                      + " is not a core of "
                      + board.name()
                      + " (0.."
                      + (board.cores() - 1)
                      + "; recommended: "
                      + (key.equals("cpu") ? board.controlCpu() : board.learnerCpu())
                      + ")"));
        }
      }
    }
    if (cpu >= 0 && cpu == learner) {
      problems.add(
          tree.problem(
              loop.at("learner_cpu"),
              "the learner must not share the control thread's core " + cpu));
    }
    if (loop.integer("spin_margin_us", 0) * 1_000L >= periodNs) {
      problems.add(
          tree.problem(
              loop.at("spin_margin_us"),
              "spin margin must be shorter than the period (" + periodNs / 1_000 + " us)"));
    }
  }

  private static void telemetry(ConfigTree tree, TreeNode t, List<ConfigProblem> problems) {
    if (t.has("password") && !t.bool("allow_inline_password", false)) {
      problems.add(
          tree.problem(
              t.at("password"),
              "inline passwords are refused: use password_file or password_env (or set"
                  + " allow_inline_password: true for tests)"));
    }
    Path dir = tree.file().toAbsolutePath().getParent();
    fileExists(tree, dir, t, "password_file", problems);
    TreeNode tls = t.node("tls");
    for (String key : List.of("ca_file", "cert_file", "key_file")) {
      fileExists(tree, dir, tls, key, problems);
    }
    if (tls.has("cert_file") != tls.has("key_file")) {
      problems.add(
          tree.problem(
              tls.at(tls.has("cert_file") ? "key_file" : "cert_file"),
              "cert_file and key_file go together"));
    }
    String root = t.str("root", "");
    if (!root.isEmpty() && (!root.endsWith("/") || root.contains("#") || root.contains("+"))) {
      problems.add(
          tree.problem(t.at("root"), "topic root must end in '/' and contain no wildcards"));
    }
  }

  private static void fileExists(
      ConfigTree tree, Path dir, TreeNode node, String key, List<ConfigProblem> problems) {
    String f = node.str(key, null);
    if (f != null && !Files.isRegularFile(dir.resolve(f))) {
      problems.add(
          tree.problem(node.at(key), "file " + dir.resolve(f).normalize() + " does not exist"));
    }
  }

  private static void safety(
      ConfigTree tree, TreeNode s, long periodNs, List<ConfigProblem> problems) {
    double periodMs = periodNs / 1e6;
    if (s.num("stale_timeout_ms", Double.MAX_VALUE) < periodMs) {
      problems.add(
          tree.problem(
              s.at("stale_timeout_ms"),
              "must be at least one loop period (" + ConfigTree.display(periodMs) + " ms)"));
    }
    if (s.num("watchdog_period_ms", Double.MAX_VALUE) < 2 * periodMs) {
      problems.add(
          tree.problem(
              s.at("watchdog_period_ms"),
              "must be at least two loop periods (" + ConfigTree.display(2 * periodMs) + " ms)"));
    }
  }
}
