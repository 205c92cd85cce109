package dev.reflex.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cross-field rules of observation, action, actor and learning: unique names, sources and actuators
 * that exist, units that match the actuator, {@code min < max}, safe values within limits, the
 * actor's sizes, and reward/episode/exploration signals that name entries.
 */
final class SignalRules {
  private final ConfigTree tree;
  private final Map<String, TreeNode> devices;
  private final List<ConfigProblem> problems;
  private final String backend;
  private final TreeNode udp;
  private final List<String> signalNames = new ArrayList<>();
  private final List<String> observationNames = new ArrayList<>();

  private SignalRules(
      ConfigTree tree, Map<String, TreeNode> devices, List<ConfigProblem> problems) {
    this.tree = tree;
    this.devices = devices;
    this.problems = problems;
    TreeNode plant = TreeNode.of(tree.root().get("plant"), "plant");
    this.backend = plant.str("backend", "");
    this.udp = plant.node("udp");
  }

  /**
   * Runs the rules.
   *
   * @param devices pi4j devices by name (from {@link PlantRules})
   * @param problems receives problems. Modified.
   */
  static void check(ConfigTree tree, Map<String, TreeNode> devices, List<ConfigProblem> problems) {
    new SignalRules(tree, devices, problems).run();
  }

  private void run() {
    TreeNode root = TreeNode.of(tree.root(), "");
    Map<String, String> names = new HashMap<>();
    for (TreeNode o : root.nodes("observation")) {
      name(o, names);
      observationNames.add(o.str("name", "?"));
      source(o);
    }
    Map<String, String> targets = new HashMap<>();
    for (TreeNode a : root.nodes("action")) {
      name(a, names);
      action(a, targets);
    }
    actor(root);
    learning(root.node("learning"), root);
  }

  private void name(TreeNode entry, Map<String, String> names) {
    String name = entry.str("name", null);
    signalNames.add(name == null ? "?" : name);
    if (name == null) {
      return;
    }
    String previous = names.putIfAbsent(name, entry.at("name"));
    if (previous != null) {
      problems.add(
          tree.problem(
              entry.at("name"),
              "duplicate name `"
                  + name
                  + "` (also "
                  + previous
                  + ", line "
                  + tree.line(previous)
                  + ")"));
    }
  }

  private void source(TreeNode o) {
    String from = o.str("from", null);
    if (from == null) {
      return;
    }
    switch (backend) {
      case "pi4j" -> channel(o.at("from"), from, true);
      case "udp" -> listed(o.at("from"), from, udp.strings("sensors"), "plant.udp.sensors");
      default -> {}
    }
  }

  private void action(TreeNode a, Map<String, String> targets) {
    boolean limits = a.has("min") && a.has("max");
    double min = a.num("min", 0);
    double max = a.num("max", 0);
    if (limits && !(min < max)) {
      problems.add(
          tree.problem(a.at("max"), "max must be above min (" + ConfigTree.display(min) + ")"));
    }
    double safe = a.num("safe", 0);
    if (limits && min < max && (safe < min || safe > max)) {
      problems.add(
          tree.problem(
              a.at("safe"),
              "safe value "
                  + ConfigTree.display(safe)
                  + " is outside ["
                  + ConfigTree.display(min)
                  + ", "
                  + ConfigTree.display(max)
                  + "]"));
    }
    String to = a.str("to", null);
    if (to == null) {
      return;
    }
    String previous = targets.putIfAbsent(to, a.at("to"));
    if (previous != null) {
      problems.add(
          tree.problem(
              a.at("to"),
              "`"
                  + to
                  + "` is already driven by "
                  + previous
                  + " (line "
                  + tree.line(previous)
                  + ")"));
    }
    switch (backend) {
      case "pi4j" -> {
        TreeNode device = channel(a.at("to"), to, false);
        if (device != null && limits) {
          actuatorLimits(a, device, to.substring(to.indexOf('.') + 1), min, max);
        }
      }
      case "udp" -> listed(a.at("to"), to, udp.strings("actuators"), "plant.udp.actuators");
      case "sim" -> simUnit(a, to);
      default -> {}
    }
  }

  /**
   * The simulated plants name each action with its unit as a suffix ({@code torque_nm}, {@code
   * force_n}, {@code voltage_v}): an entry's {@code unit} must be that unit.
   */
  private void simUnit(TreeNode a, String to) {
    if (!a.has("unit")) {
      return;
    }
    String given = a.str("unit", "");
    for (Map.Entry<String, List<String>> e : SIM_ACTION_UNITS.entrySet()) {
      if (to.endsWith(e.getKey())) {
        if (!e.getValue().contains(given)) {
          problems.add(
              tree.problem(
                  a.at("unit"),
                  "wrong unit `"
                      + given
                      + "`: the simulated plant's "
                      + to
                      + " is in "
                      + e.getValue().getFirst()
                      + " (write unit: "
                      + e.getValue().getFirst()
                      + ")"));
        }
        return;
      }
    }
  }

  /** Unit suffix of a simulated plant's action name, and the spellings accepted for it. */
  private static final Map<String, List<String>> SIM_ACTION_UNITS =
      Map.of(
          "_nm", List.of("N*m", "N·m", "Nm", "N m"),
          "_n", List.of("N"),
          "_v", List.of("V"));

  private void actuatorLimits(TreeNode a, TreeNode device, String channel, double min, double max) {
    String type = device.str("type", "");
    String unit = DeviceChannels.actuatorUnit(type, channel);
    if (unit != null && a.has("unit") && !unit.equals(a.str("unit", ""))) {
      problems.add(
          tree.problem(
              a.at("unit"),
              "wrong unit `"
                  + a.str("unit", "")
                  + "`: "
                  + type
                  + " channel "
                  + channel
                  + " is in "
                  + unit));
    }
    double lo;
    double hi;
    String why;
    switch (type) {
      case "hbridge" -> {
        hi = device.num("supply_v", Double.POSITIVE_INFINITY);
        lo = -hi;
        why = "the H-bridge supply is " + ConfigTree.display(hi) + " V";
      }
      case "pca9685" -> {
        lo = device.num("pulse_min_us", 0);
        hi = device.num("pulse_max_us", Double.POSITIVE_INFINITY);
        why =
            "the device's pulse range is "
                + ConfigTree.display(lo)
                + " .. "
                + ConfigTree.display(hi)
                + " us";
      }
      default -> {
        lo = 0;
        hi = 1;
        why = type + " takes 0 .. 1";
      }
    }
    if (min < lo) {
      problems.add(tree.problem(a.at("min"), "below the actuator's range: " + why));
    }
    if (max > hi) {
      problems.add(tree.problem(a.at("max"), "above the actuator's range: " + why));
    }
  }

  /** Checks {@code device.channel}; returns the device when it exists. */
  private TreeNode channel(String path, String ref, boolean sensor) {
    int dot = ref.indexOf('.');
    if (dot < 0) {
      problems.add(
          tree.problem(
              path,
              "expected `<device>.<channel>` with the pi4j backend, e.g. "
                  + (devices.isEmpty()
                      ? "encoder.angle_rad"
                      : devices.keySet().iterator().next() + ".<channel>")));
      return null;
    }
    String name = ref.substring(0, dot);
    String channel = ref.substring(dot + 1);
    TreeNode device = devices.get(name);
    if (device == null) {
      problems.add(
          tree.problem(
              path,
              "no device named `"
                  + name
                  + "`; devices: "
                  + String.join(", ", devices.keySet())
                  + Suggestions.didYouMean(name, devices.keySet())));
      return null;
    }
    String type = device.str("type", "");
    List<String> channels = sensor ? DeviceChannels.sensors(type) : DeviceChannels.actuators(type);
    if (!channels.contains(channel)) {
      problems.add(
          tree.problem(
              path,
              channels.isEmpty()
                  ? "device `"
                      + name
                      + "` ("
                      + type
                      + ") has no "
                      + (sensor ? "sensor" : "actuator")
                      + " channels"
                  : "`"
                      + type
                      + "` has no "
                      + (sensor ? "sensor" : "actuator")
                      + " channel `"
                      + channel
                      + "`; channels: "
                      + String.join(", ", channels)
                      + Suggestions.didYouMean(channel, channels)));
      return null;
    }
    return device;
  }

  private void listed(String path, String name, List<String> allowed, String where) {
    if (!allowed.isEmpty() && !allowed.contains(name)) {
      problems.add(
          tree.problem(
              path,
              "`"
                  + name
                  + "` is not in "
                  + where
                  + " ("
                  + String.join(", ", allowed)
                  + ")"
                  + Suggestions.didYouMean(name, allowed)));
    }
  }

  private void actor(TreeNode root) {
    String actor = root.str("actor", null);
    if (actor == null) {
      return;
    }
    Path file = tree.file().toAbsolutePath().getParent().resolve(actor).normalize();
    ActorFileCheck.Result r = ActorFileCheck.check(file);
    if (r.error() != null) {
      problems.add(tree.problem("actor", r.error()));
      return;
    }
    int obs = root.nodes("observation").size();
    int act = root.nodes("action").size();
    if (r.inputSize() >= 0 && r.inputSize() != obs) {
      problems.add(
          tree.problem(
              "actor",
              "the actor takes "
                  + r.inputSize()
                  + " inputs but observation has "
                  + obs
                  + " entries"));
    }
    if (r.actionLow() != null && r.outputSize() == act) {
      List<TreeNode> actions = root.nodes("action");
      double[] min = new double[act];
      double[] max = new double[act];
      for (int i = 0; i < act; i++) {
        min[i] = actions.get(i).num("min", Double.NEGATIVE_INFINITY);
        max[i] = actions.get(i).num("max", Double.POSITIVE_INFINITY);
      }
      String bounds = ActorFileCheck.boundsProblem(file, r.actionLow(), r.actionHigh(), min, max);
      if (bounds != null) {
        problems.add(tree.problem("actor", bounds));
      }
    }
    if (r.outputSize() >= 0 && r.outputSize() != act) {
      problems.add(
          tree.problem(
              "actor",
              "the actor produces "
                  + r.outputSize()
                  + " outputs but action has "
                  + act
                  + " entries"));
    }
  }

  private void learning(TreeNode l, TreeNode root) {
    TreeNode reward = l.node("reward");
    for (TreeNode q : reward.nodes("quadratic")) {
      signal(q, signalNames);
    }
    for (String key : List.of("bonus", "limit_penalty")) {
      for (TreeNode b : reward.nodes(key)) {
        signal(b, signalNames);
        bounds(b);
      }
    }
    bounded(l.node("episode"), "end_when_outside");
    bounded(l.node("exploration"), "safe_region");
    String start = l.str("start_from", "actor");
    if (!start.equals("actor")) {
      Path file = tree.file().toAbsolutePath().getParent().resolve(start).normalize();
      if (!Files.isRegularFile(file)) {
        problems.add(
            tree.problem(
                l.at("start_from"),
                "checkpoint "
                    + file
                    + (Files.exists(file) ? " is not a regular file" : " does not exist")
                    + " (write `actor` to start from the actor file)"));
      } else {
        startFrom(l, file, root);
      }
    }
  }

  /** The checkpoint named by start_from: a readable Reflex checkpoint of these sizes. */
  private void startFrom(TreeNode l, Path file, TreeNode root) {
    String why;
    try {
      dev.reflex.learning.Checkpoint c = dev.reflex.learning.Checkpoint.read(file);
      int obs = root.nodes("observation").size();
      int act = root.nodes("action").size();
      why =
          c.obsSize() == obs && c.actSize() == act
              ? null
              : "checkpoint "
                  + file
                  + " is for "
                  + c.obsSize()
                  + " observations and "
                  + c.actSize()
                  + " actions; this config has "
                  + obs
                  + " and "
                  + act;
    } catch (java.io.IOException | RuntimeException e) {
      why = "not a usable checkpoint: " + e.getMessage();
    }
    if (why != null) {
      problems.add(tree.problem(l.at("start_from"), why));
    }
  }

  private void bounded(TreeNode parent, String key) {
    for (Map.Entry<String, TreeNode> e : parent.children(key).entrySet()) {
      if (!observationNames.contains(e.getKey())) {
        problems.add(
            tree.problem(
                e.getValue().path(),
                "`"
                    + e.getKey()
                    + "` is not an observation name ("
                    + String.join(", ", observationNames)
                    + ")"
                    + Suggestions.didYouMean(e.getKey(), observationNames)));
      }
      bounds(e.getValue());
    }
  }

  private void signal(TreeNode term, List<String> allowed) {
    String s = term.str("signal", null);
    if (s != null && !allowed.contains(s)) {
      problems.add(
          tree.problem(
              term.at("signal"),
              "`"
                  + s
                  + "` is not an observation or action name ("
                  + String.join(", ", allowed)
                  + ")"
                  + Suggestions.didYouMean(s, allowed)));
    }
  }

  private void bounds(TreeNode b) {
    if (b.has("min") && b.has("max") && !(b.num("min", 0) < b.num("max", 0))) {
      problems.add(
          tree.problem(
              b.at("max"), "max must be above min (" + ConfigTree.display(b.num("min", 0)) + ")"));
    }
  }
}
