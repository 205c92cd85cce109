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
   */
  record Result(String error, int inputSize, int outputSize) {}

  private ActorFileCheck() {}

  static Result check(Path file) {
    if (!Files.exists(file)) {
      return new Result("actor file " + file + " does not exist", -1, -1);
    }
    if (!Files.isRegularFile(file)) {
      return new Result(
          "actor file " + file + " is not a regular file (a FIFO, device or directory)", -1, -1);
    }
    try {
      ActorFile actor = ActorFile.read(file);
      return new Result(null, actor.observationSize(), actor.actionSize());
    } catch (IOException | RuntimeException e) {
      return new Result(
          "actor file " + file + " is unusable: " + stripSource(file, e.getMessage()), -1, -1);
    }
  }

  private static String stripSource(Path file, String message) {
    String m = String.valueOf(message);
    String prefix = file + ": ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }
}
