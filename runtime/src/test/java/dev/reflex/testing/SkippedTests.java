package dev.reflex.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Assumptions;

/**
 * Skips for what lies outside the project (a missing tool), recorded where bin/test lists them: the
 * reactor's {@code target/skipped-tests.txt} (one line each), as well as in the test report.
 */
public final class SkippedTests {
  private SkippedTests() {}

  /** Appends {@code line} to {@code ../target/skipped-tests.txt} and skips the calling test. */
  public static void skip(String line) {
    try {
      Path skipped = Path.of("..", "target", "skipped-tests.txt");
      Files.createDirectories(skipped.getParent());
      Files.writeString(
          skipped,
          line + System.lineSeparator(),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the assumption below still reports the skip
    }
    Assumptions.assumeTrue(false, line);
  }
}
