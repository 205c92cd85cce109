package dev.reflex.config;

import dev.reflex.format.ActorFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Load-time check of an actor file, with the reader {@code run} uses ({@link ActorFile#read}), so
 * that {@code check-config} refuses exactly what {@code run} refuses, with the same one-line
 * message: a readable safetensors file, an MLP whose layers chain, metadata that is known, in range
 * and unedited (docs/formats.md). Non-regular files are refused unopened.
 */
final class ActorFileCheck {
  /**
   * The outcome.
   *
   * @param error why the file is unusable, or null when it is fine
   * @param inputSize the first layer's input size, -1 when unknown
   * @param outputSize the last layer's output size, -1 when unknown
   * @param actionLow the actor's lower action bounds (null when unknown)
   * @param actionHigh the actor's upper action bounds (null when unknown)
   */
  record Result(
      String error, int inputSize, int outputSize, double[] actionLow, double[] actionHigh) {}

  private ActorFileCheck() {}

  static Result check(Path file) {
    if (!Files.exists(file)) {
      return new Result("actor file " + file + " does not exist", -1, -1, null, null);
    }
    if (!Files.isRegularFile(file)) {
      return new Result(
          "actor file " + file + " is not a regular file (a FIFO, device or directory)",
          -1,
          -1,
          null,
          null);
    }
    try {
      ActorFile actor = ActorFile.read(file);
      return new Result(
          null,
          actor.observationSize(),
          actor.actionSize(),
          actor.scaling().actionLow(),
          actor.scaling().actionHigh());
    } catch (IOException | RuntimeException e) {
      return new Result(
          "actor file " + file + " is unusable: " + stripSource(file, e.getMessage()),
          -1,
          -1,
          null,
          null);
    }
  }

  /**
   * Why the actor's action bounds do not fit the config's action limits, or null when each output's
   * {@code [reflex.action_low, reflex.action_high]} lies inside {@code [min, max]} of its action
   * entry. One line naming the file, the keys and the limits; {@code check-config} (through the
   * loader) and {@code run --actor} both use it.
   *
   * @param file the actor file, for the message
   * @param low the actor's lower bounds
   * @param high the actor's upper bounds
   * @param min each action entry's {@code min}
   * @param max each action entry's {@code max}
   */
  static String boundsProblem(Path file, double[] low, double[] high, double[] min, double[] max) {
    for (int i = 0; i < Math.min(low.length, min.length); i++) {
      if (low[i] < min[i] || high[i] > max[i]) {
        return "actor file "
            + file
            + ": reflex.action_low/reflex.action_high of output "
            + i
            + " are ["
            + low[i]
            + ", "
            + high[i]
            + "], outside action["
            + i
            + "]'s limits [min "
            + min[i]
            + ", max "
            + max[i]
            + "] (re-export the actor with bounds inside the limits)";
      }
    }
    return null;
  }

  private static String stripSource(Path file, String message) {
    String m = String.valueOf(message);
    String prefix = file + ": ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }
}
