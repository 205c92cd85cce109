package dev.reflex.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflex.plant.sim.SimPlant;
import dev.reflex.plant.sim.SimPlants;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The emulator's fault schedule: a list of {@link Fault}s, built in code or loaded from a JSON file
 * (docs/udp-frames.md shows the format), and which of them are active at a time.
 *
 * <p>Real-time: {@link #update} is allocation-free. Threading: the emulator's thread.
 */
public final class FaultSchedule {
  private final List<Fault> faults;
  private final boolean[] active;
  private final boolean[] started;
  private final boolean[] ended;

  /** A schedule of {@code faults} (copied). */
  public FaultSchedule(List<Fault> faults) {
    this.faults = List.copyOf(faults);
    this.active = new boolean[this.faults.size()];
    this.started = new boolean[this.faults.size()];
    this.ended = new boolean[this.faults.size()];
  }

  /** No faults. */
  public static FaultSchedule none() {
    return new FaultSchedule(List.of());
  }

  /**
   * Loads {@code {"faults": [ {...}, ... ]}} (or a bare array).
   *
   * @throws IllegalArgumentException naming the file, the fault's index, the field and the value
   */
  public static FaultSchedule load(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("fault file " + file + ": " + e.getMessage(), e);
    }
    JsonNode list = root != null && root.isObject() ? root.get("faults") : root;
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException(
          "fault file " + file + ": expected {\"faults\": [...]} or an array");
    }
    List<Fault> faults = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      try {
        faults.add(parse(list.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "fault file " + file + ": faults[" + i + "]: " + e.getMessage(), e);
      }
    }
    return new FaultSchedule(faults);
  }

  private static Fault parse(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("expected an object, got " + node);
    }
    JsonNode typeNode = node.get("type");
    String type = typeNode == null ? null : typeNode.asText();
    EmulatedFaultKind kind = type == null ? null : EmulatedFaultKind.fromJsonName(type);
    if (kind == null) {
      List<String> names = new ArrayList<>();
      for (EmulatedFaultKind k : EmulatedFaultKind.values()) {
        names.add(k.jsonName());
      }
      throw new IllegalArgumentException(
          "type '" + type + "' unknown; allowed: " + String.join(", ", names));
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      boolean known =
          switch (field) {
            case "type", "start_s", "end_s", "probability", "channel" -> true;
            case "max_run" -> kind.isProbabilistic();
            case "name" -> kind == EmulatedFaultKind.SET_PARAMETER;
            default -> field.equals(kind.valueField());
          };
      if (!known) {
        throw new IllegalArgumentException(kind.jsonName() + ": unknown field '" + field + "'");
      }
    }
    double startS = number(node, "start_s", 0.0);
    double endS = number(node, "end_s", Double.POSITIVE_INFINITY);
    double probability = number(node, "probability", 1.0);
    double value = 0.0;
    if (kind.valueField() != null) {
      if (!node.has(kind.valueField())) {
        throw new IllegalArgumentException(
            kind.jsonName() + ": field '" + kind.valueField() + "' missing");
      }
      value = number(node, kind.valueField(), 0.0);
    }
    String parameter = node.has("name") ? node.get("name").asText() : null;
    int channel = (int) number(node, "channel", -1);
    double maxRun = number(node, "max_run", 0);
    if (maxRun != Math.rint(maxRun)) {
      throw new IllegalArgumentException(
          kind.jsonName() + ": max_run " + maxRun + " must be a whole number of frames");
    }
    return new Fault(kind, startS, endS, probability, value, parameter, channel, (int) maxRun);
  }

  private static double number(JsonNode node, String field, double fallback) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isNumber()) {
      throw new IllegalArgumentException("field '" + field + "' must be a number, got " + v);
    }
    return v.asDouble();
  }

  /**
   * Checks every {@code set_parameter} fault and sensor channel against {@code plant}.
   *
   * @throws IllegalArgumentException naming the fault and the plant's complaint
   */
  public void validateFor(SimPlant plant) {
    SimPlant scratch = SimPlants.create(plant.name());
    for (int i = 0; i < faults.size(); i++) {
      Fault f = faults.get(i);
      if (f.channel() >= plant.observationSize()) {
        throw new IllegalArgumentException(
            "faults["
                + i
                + "]: channel "
                + f.channel()
                + " out of range [-1, "
                + (plant.observationSize() - 1)
                + "]");
      }
      if (f.kind() == EmulatedFaultKind.SET_PARAMETER) {
        try {
          scratch.setParameter(f.parameter(), f.value());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("faults[" + i + "]: " + e.getMessage(), e);
        }
      }
    }
  }

  /** Recomputes which faults are active at {@code tS} and which started or ended just now. */
  public void update(double tS) {
    for (int i = 0; i < active.length; i++) {
      boolean now = faults.get(i).activeAt(tS);
      started[i] = now && !active[i];
      ended[i] = !now && active[i];
      active[i] = now;
    }
  }

  /** Number of faults. */
  public int size() {
    return faults.size();
  }

  /** Fault {@code i}. */
  public Fault get(int i) {
    return faults.get(i);
  }

  /** True when fault {@code i} is active since the last {@link #update}. */
  public boolean isActive(int i) {
    return active[i];
  }

  /** True when fault {@code i} became active at the last {@link #update}. */
  public boolean justStarted(int i) {
    return started[i];
  }

  /** True when fault {@code i} stopped being active at the last {@link #update}. */
  public boolean justEnded(int i) {
    return ended[i];
  }

  /** The active faults' names joined by '+', or empty (allocates; for records). */
  public String activeNames() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < active.length; i++) {
      if (active[i]) {
        if (!sb.isEmpty()) {
          sb.append('+');
        }
        sb.append(faults.get(i).kind().jsonName());
      }
    }
    return sb.toString();
  }

  /** The faults (unmodifiable). */
  public List<Fault> faults() {
    return faults;
  }
}
