package dev.reflex.config;

import dev.reflex.config.BoardProfile.HeaderPin;
import dev.reflex.config.BoardProfile.I2cBus;
import dev.reflex.config.BoardProfile.PwmOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds and reads board profiles: the built-in ones ({@code firmware-config/boards/*.yaml}, copied
 * into the jar) by name, or a profile file by path. Profiles are validated against {@code
 * board.schema.json} plus a few consistency rules.
 */
public final class BoardProfiles {
  /** Names of the profiles built into the runtime. */
  public static final List<String> BUILT_IN =
      List.of("sim", "raspberry-pi-4", "raspberry-pi-5", "jetson-orin-nano");

  static final String RESOURCE_DIR = "/dev/reflex/config/boards/";

  private BoardProfiles() {}

  /** True when {@code board} is written as a path rather than a built-in name. */
  static boolean isPath(String board) {
    return board.contains("/") || board.endsWith(".yaml") || board.endsWith(".yml");
  }

  /**
   * Loads a built-in profile.
   *
   * @throws ConfigException naming the profile's problems, or when the name is unknown
   */
  public static BoardProfile builtIn(String name) {
    List<ConfigProblem> problems = new ArrayList<>();
    BoardProfile p = resolve(name, Path.of("."), Path.of("board"), 1, problems);
    if (!problems.isEmpty() || p == null) {
      throw new ConfigException(problems);
    }
    return p;
  }

  /**
   * Loads a profile file.
   *
   * @throws ConfigException with every problem of the file
   */
  public static BoardProfile load(Path file) {
    List<ConfigProblem> problems = new ArrayList<>();
    String text = ConfigReader.readText(file, problems);
    BoardProfile p = text == null ? null : bind(file, text, problems);
    if (!problems.isEmpty() || p == null) {
      throw new ConfigException(problems);
    }
    return p;
  }

  /**
   * Resolves the controller's {@code board} value.
   *
   * @param baseDir directory relative paths are resolved against
   * @param configFile the controller config (for problems about the name)
   * @param line line of the {@code board} key in the controller config
   * @param problems receives problems. Modified.
   * @return the profile, or null when it cannot be used
   */
  static BoardProfile resolve(
      String board, Path baseDir, Path configFile, int line, List<ConfigProblem> problems) {
    if (isPath(board)) {
      Path file = baseDir.resolve(board).normalize();
      String text = ConfigReader.readText(file, problems);
      return text == null ? null : bind(file, text, problems);
    }
    if (!BUILT_IN.contains(board)) {
      problems.add(
          new ConfigProblem(
              configFile,
              line,
              0,
              "board",
              board,
              "unknown board `"
                  + board
                  + "`: one of "
                  + String.join(", ", BUILT_IN)
                  + " or a path to a profile file"
                  + Suggestions.didYouMean(board, BUILT_IN)));
      return null;
    }
    String resource = RESOURCE_DIR + board + ".yaml";
    try (InputStream in = BoardProfiles.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("board profile " + resource + " missing from the jar");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Path file = Path.of("<built-in>", "boards", board + ".yaml");
      return bind(file, text, problems);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }

  private static BoardProfile bind(Path file, String text, List<ConfigProblem> problems) {
    int before = problems.size();
    ConfigTree tree = ConfigReader.of("board.schema.json").load(file, text, problems);
    if (tree == null) {
      return null;
    }
    TreeNode r = TreeNode.of(tree.root(), "");
    List<HeaderPin> header = new ArrayList<>();
    Set<Integer> pins = new HashSet<>();
    Set<Integer> lines = new HashSet<>();
    for (TreeNode h : r.nodes("header")) {
      int pin = (int) h.integer("pin", 0);
      int line = (int) h.integer("line", -1);
      if (!pins.add(pin)) {
        problems.add(tree.problem(h.at("pin"), "header pin " + pin + " listed twice"));
      }
      if (line >= 0 && !lines.add(line)) {
        problems.add(tree.problem(h.at("line"), "line " + line + " listed twice"));
      }
      header.add(new HeaderPin(pin, h.str("name", ""), line));
    }
    List<PwmOutput> pwm = new ArrayList<>();
    for (TreeNode p : r.nodes("pwm")) {
      int pin = (int) p.integer("pin", 0);
      if (header.stream().noneMatch(h -> h.pin() == pin && h.isGpio())) {
        problems.add(
            tree.problem(p.at("pin"), "PWM pin " + pin + " is not a GPIO pin of the header"));
      }
      pwm.add(
          new PwmOutput(
              pin, p.str("chip", ""), (int) p.integer("channel", 0), p.str("enable", "")));
    }
    List<I2cBus> i2c = new ArrayList<>();
    for (TreeNode b : r.nodes("i2c")) {
      i2c.add(
          new I2cBus(
              (int) b.integer("bus", 0),
              (int) b.integer("sda", 0),
              (int) b.integer("scl", 0),
              b.str("enable", "")));
    }
    int cores = (int) r.integer("cores", 0);
    for (String k : List.of("control_cpu", "learner_cpu")) {
      long cpu = r.integer(k, -1);
      if (cores > 0 && cpu >= cores) {
        problems.add(
            tree.problem(
                k, "cpu " + cpu + " is not a core of this board (0.." + (cores - 1) + ")"));
      }
    }
    if (!r.str("gpiochip", "").isEmpty() && header.isEmpty()) {
      problems.add(tree.problem("header", "a board with a gpiochip needs its header pins"));
    }
    if (problems.size() > before) {
      return null;
    }
    return new BoardProfile(
        r.str("name", ""),
        r.str("model", ""),
        r.str("pi4j_board", ""),
        r.str("gpiochip", ""),
        r.str("gpiochip_label", ""),
        r.strings("gpiochip_aliases"),
        cores,
        (int) r.integer("control_cpu", -1),
        (int) r.integer("learner_cpu", -1),
        r.str("i2c_transport", "ffm"),
        List.copyOf(i2c),
        List.copyOf(header),
        List.copyOf(pwm),
        r.str("notes", ""),
        file);
  }
}
