package dev.reflex.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM on this test's class path, for checks that depend on how the JVM was started (e.g.
 * with or without {@code jdk.incubator.vector}); its main prints {@code key=value} lines.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * Runs {@code mainClass} in a child JVM with {@code jvmFlags}; fails unless it exits with 0.
   *
   * @return its standard output and error
   */
  public static String run(String mainClass, String... jvmFlags)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(List.of(jvmFlags));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), output);
    return output;
  }

  /** The number on the {@code key=} line of {@code output}; fails when there is none. */
  public static double value(String output, String key) {
    for (String line : output.split("\n")) {
      if (line.startsWith(key + "=")) {
        return Double.parseDouble(line.substring(key.length() + 1).trim());
      }
    }
    throw new AssertionError("no " + key + "= line in: " + output);
  }
}
