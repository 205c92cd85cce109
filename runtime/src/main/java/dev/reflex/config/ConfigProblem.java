package dev.reflex.config;

import java.nio.file.Path;

/**
 * One thing wrong with a configuration file.
 *
 * @param file the file the problem is in (the controller config, a board profile, an actor)
 * @param line 1-based line, 0 when the problem concerns the whole file
 * @param column 1-based column, 0 when unknown
 * @param path field path inside the file, e.g. {@code action[0].max}; empty for the whole file
 * @param value the offending value as written, or empty
 * @param message what is wrong and what is allowed
 */
public record ConfigProblem(
    Path file, int line, int column, String path, String value, String message) {

  /**
   * {@code FILE:LINE: path: message} (or {@code FILE: message} without a line), the format
   * check-config prints.
   */
  public String format() {
    String where = line > 0 ? file + ":" + line : file.toString();
    return path.isEmpty() ? where + ": " + message : where + ": " + path + ": " + message;
  }

  @Override
  public String toString() {
    return format();
  }
}
