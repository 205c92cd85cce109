package dev.reflex.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cross-field rules of the {@code plant} section: the backend's section is present, devices have
 * unique names, every pin exists on the board and can do what it is used for, no pin, PWM channel
 * or I2C address is used twice, I2C buses exist.
 */
final class PlantRules {
  private final ConfigTree tree;
  private final BoardProfile board;
  private final List<ConfigProblem> problems;
  private final Map<String, String> pinUsers = new HashMap<>();
  private final Map<String, String> pwmUsers = new HashMap<>();
  private final Map<String, String> i2cUsers = new HashMap<>();
  private final java.util.Set<String> i2cBusUsers = new java.util.HashSet<>();

  private PlantRules(ConfigTree tree, BoardProfile board, List<ConfigProblem> problems) {
    this.tree = tree;
    this.board = board;
    this.problems = problems;
  }

  /**
   * Checks the plant section.
   *
   * @param board the resolved profile, or null when it could not be loaded (pins are then not
   *     checked)
   * @param problems receives problems. Modified.
   * @return device name to device type (pi4j), for the observation/action rules
   */
  static Map<String, TreeNode> check(
      ConfigTree tree, BoardProfile board, List<ConfigProblem> problems) {
    return new PlantRules(tree, board, problems).run();
  }

  private Map<String, TreeNode> run() {
    TreeNode plant = TreeNode.of(tree.root().get("plant"), "plant");
    String backend = plant.str("backend", "");
    for (String section : List.of("sim", "udp", "pi4j")) {
      if (!section.equals(backend) && plant.has(section) && !backend.isEmpty()) {
        problems.add(
            tree.problem(
                plant.at(section),
                "section `"
                    + section
                    + "` is not used with backend `"
                    + backend
                    + "`: remove it or set backend: "
                    + section));
      }
    }
    if ((backend.equals("udp") || backend.equals("pi4j")) && !plant.has(backend)) {
      problems.add(
          tree.problem(
              plant.at(backend),
              "missing section `plant." + backend + "` for backend `" + backend + "`"));
    }
    Map<String, TreeNode> devices = new LinkedHashMap<>();
    if (!backend.equals("pi4j")) {
      return devices;
    }
    if (board != null && !board.hasGpio()) {
      problems.add(
          tree.problem(
              plant.at("backend"),
              "backend pi4j needs a board with GPIO; board `"
                  + board.name()
                  + "` has none (use backend sim or udp, or a real board profile)"));
      return devices;
    }
    for (TreeNode d : plant.node("pi4j").nodes("devices")) {
      String name = d.str("name", "");
      if (!name.isEmpty() && devices.putIfAbsent(name, d) != null) {
        problems.add(tree.problem(d.at("name"), "duplicate device name `" + name + "`"));
      }
      if (board != null) {
        device(d);
      }
    }
    return devices;
  }

  private void device(TreeNode d) {
    switch (d.str("type", "")) {
      case "encoder" -> {
        gpio(d, "a");
        gpio(d, "b");
      }
      case "hbridge" -> {
        pwm(d, "pwm");
        if (d.raw("dir") instanceof List<?> l) {
          for (int i = 0; i < l.size(); i++) {
            gpio(d.at("dir") + "[" + i + "]", l.get(i));
          }
        } else {
          gpio(d, "dir");
        }
      }
      case "digital_in", "digital_out" -> gpio(d, "pin");
      case "pwm" -> pwm(d, "pin");
      case "as5600", "mpu6050", "ads1115", "pca9685" -> i2c(d);
      default -> {}
    }
  }

  private GpioPin gpio(TreeNode d, String key) {
    return d.has(key) ? gpio(d.at(key), d.raw(key)) : null;
  }

  private GpioPin gpio(String path, Object written) {
    return gpio(path, written, true);
  }

  private GpioPin gpio(String path, Object written, boolean claim) {
    if (written == null) {
      return null;
    }
    String[] error = new String[1];
    var pin = PinResolver.resolve(written, board, error);
    if (pin.isEmpty()) {
      problems.add(tree.problem(path, error[0]));
      return null;
    }
    if (claim) {
      claimPin(path, pin.get().header(), pin.get().toString());
    }
    return pin.get();
  }

  private void claimPin(String path, int header, String what) {
    String previous = pinUsers.putIfAbsent("pin" + header, path);
    if (previous != null) {
      problems.add(
          tree.problem(
              path,
              what + " is already used by " + previous + " (line " + tree.line(previous) + ")"));
    }
  }

  private void pwm(TreeNode d, String key) {
    GpioPin pin = d.has(key) ? gpio(d.at(key), d.raw(key), false) : null;
    if (pin == null) {
      return;
    }
    var out = board.pwmOn(pin.header());
    if (out.isEmpty()) {
      List<String> capable = board.pwm().stream().map(p -> Integer.toString(p.pin())).toList();
      problems.add(
          tree.problem(
              d.at(key),
              pin
                  + " cannot do hardware PWM on "
                  + board.name()
                  + "; PWM-capable header pins: "
                  + String.join(", ", capable)));
      return;
    }
    claimPin(d.at(key), pin.header(), pin.toString());
    String channel = out.get().chip() + " channel " + out.get().channel();
    String previous = pwmUsers.putIfAbsent(channel, d.at(key));
    if (previous != null) {
      problems.add(
          tree.problem(
              d.at(key),
              "PWM "
                  + channel
                  + " is already used by "
                  + previous
                  + " (line "
                  + tree.line(previous)
                  + "); pick a pin on another channel"));
    }
  }

  private void i2c(TreeNode d) {
    if (!d.has("bus")) {
      return;
    }
    int bus = (int) d.integer("bus", -1);
    var b = board.i2cBus(bus);
    if (b.isEmpty()) {
      List<String> buses = board.i2c().stream().map(x -> Integer.toString(x.bus())).toList();
      problems.add(
          tree.problem(
              d.at("bus"),
              "I2C bus "
                  + bus
                  + " is not on the header of "
                  + board.name()
                  + (buses.isEmpty() ? " (it has none)" : "; buses: " + String.join(", ", buses))));
      return;
    }
    String busUser = d.at("bus");
    for (int pin : new int[] {b.get().sdaPin(), b.get().sclPin()}) {
      String previous = pinUsers.putIfAbsent("pin" + pin, busUser);
      if (previous != null && !i2cBusUsers.contains(previous)) {
        problems.add(
            tree.problem(
                previous,
                "header pin "
                    + pin
                    + " is on I2C bus "
                    + bus
                    + ", used by "
                    + busUser
                    + " (line "
                    + tree.line(busUser)
                    + ")"));
      }
    }
    i2cBusUsers.add(busUser);
    long address = d.integer("address", -1);
    String type = d.str("type", "");
    String key =
        bus + "/" + address + (type.equals("pca9685") ? "/" + d.integer("channel", -1) : "");
    String chipKey = bus + "/" + address;
    String previous = i2cUsers.putIfAbsent(key, d.at("address"));
    String chipOwner = i2cUsers.putIfAbsent(chipKey + "#type", type);
    if (previous != null || (chipOwner != null && !chipOwner.equals(type))) {
      problems.add(
          tree.problem(
              d.at("address"),
              String.format(
                  "I2C address 0x%02x on bus %d is already used%s",
                  address,
                  bus,
                  previous != null
                      ? " by " + previous + " (line " + tree.line(previous) + ")"
                      : " by a " + chipOwner)));
    }
    if (type.equals("pca9685") && d.num("pulse_min_us", 0) >= d.num("pulse_max_us", 1)) {
      problems.add(
          tree.problem(
              d.at("pulse_min_us"),
              "pulse_min_us must be below pulse_max_us ("
                  + ConfigTree.display(d.num("pulse_max_us", 0))
                  + ")"));
    }
  }
}
