package dev.reflex.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A controller's whole configuration, validated, with every default filled in and every unit
 * normalised (times in ns, rates in Hz, limits as doubles in the declared unit). Produced by {@link
 * ConfigLoader#load}; read by the runtime's composition root.
 *
 * @param file the config file (absolute, normalised)
 * @param name controller name
 * @param description free text
 * @param board the board profile named by {@code board}
 * @param loop loop schedule and thread
 * @param plant plant backend
 * @param observation observation entries in actor input order
 * @param action action entries in actor output order
 * @param actorFile actor safetensors file (absolute)
 * @param learning on-board learning
 * @param telemetry MQTT telemetry
 * @param safety fault handling
 */
public record ControllerConfig(
    Path file,
    String name,
    String description,
    BoardProfile board,
    LoopSection loop,
    PlantConfig plant,
    List<ObservationSpec> observation,
    List<ActionEntry> action,
    Path actorFile,
    LearningConfig learning,
    TelemetryConfig telemetry,
    SafetySection safety) {

  /** Number of observation entries (the actor's input size). */
  public int observationSize() {
    return observation.size();
  }

  /** Number of action entries (the actor's output size). */
  public int actionSize() {
    return action.size();
  }

  /** Lower limit of each action entry, a fresh array. */
  public double[] actionMin() {
    return action.stream().mapToDouble(ActionEntry::min).toArray();
  }

  /** Upper limit of each action entry, a fresh array. */
  public double[] actionMax() {
    return action.stream().mapToDouble(ActionEntry::max).toArray();
  }

  /** Safe value of each action entry, a fresh array. */
  public double[] actionSafe() {
    return action.stream().mapToDouble(ActionEntry::safe).toArray();
  }
}
