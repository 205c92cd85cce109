package dev.reflex.telemetry;

/**
 * A validated remote command, ready to apply between ticks. Immutable; allocated once per received
 * command (not per tick).
 *
 * <p>Appliers switch over the permitted records, so the compiler points at every applier when a
 * command is added.
 */
public sealed interface Command {
  /** The sender's id, echoed in the acknowledgements. */
  String id();

  /** The command's name as on the topic, e.g. {@code set-exploration}. */
  default String name() {
    return switch (this) {
      case PauseLearning c -> "pause-learning";
      case ResumeLearning c -> "resume-learning";
      case SetExploration c -> "set-exploration";
      case Checkpoint c -> "checkpoint";
      case Rollback c -> "rollback";
      case EnterSafe c -> "enter-safe";
      case LeaveSafe c -> "leave-safe";
      case SetSetpoint c -> "set-setpoint";
    };
  }

  /** Stop gradient updates; the actor keeps running. */
  record PauseLearning(String id) implements Command {}

  /** Resume gradient updates. */
  record ResumeLearning(String id) implements Command {}

  /**
   * Set the exploration noise scale.
   *
   * @param scale in [0, configured cap]
   */
  record SetExploration(String id, double scale) implements Command {}

  /** Write a checkpoint now. */
  record Checkpoint(String id) implements Command {}

  /**
   * Go back to a checkpointed actor version.
   *
   * @param version actor version, >= 0
   */
  record Rollback(String id, long version) implements Command {}

  /** Drive the actuators to the safe state and hold there. */
  record EnterSafe(String id) implements Command {}

  /** Leave the safe state (the safety layer may still refuse). */
  record LeaveSafe(String id) implements Command {}

  /**
   * Change a setpoint.
   *
   * @param setpoint configured setpoint name
   * @param value within the setpoint's configured range
   */
  record SetSetpoint(String id, String setpoint, double value) implements Command {}
}
