package dev.reflex.hil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where the rig finds the built jars (runtime and monitor), the shipped configs and actors, and
 * where it writes reports: everything relative to the reactor root, found by walking up from the
 * working directory (Surefire runs in {@code hil-tests/}) or given as the system property {@code
 * reflex.root}.
 */
public record ProjectLayout(Path root) {

  /** The layout of the checkout this JVM runs in. */
  public static ProjectLayout find() {
    String given = System.getProperty("reflex.root");
    if (given != null) {
      return new ProjectLayout(Path.of(given).toAbsolutePath().normalize());
    }
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("runtime/pom.xml"))
          && Files.isDirectory(d.resolve("firmware-config"))) {
        return new ProjectLayout(d);
      }
    }
    throw new IllegalStateException(
        "cannot find the reactor root (runtime/pom.xml) above " + dir + "; set -Dreflex.root");
  }

  /** {@code runtime/target/runtime.jar}, built by {@code package} of the runtime module. */
  public Path runtimeJar() {
    return root.resolve("runtime/target/runtime.jar");
  }

  /**
   * {@code monitor/target/monitor.jar}, the workstation tool (the plant emulator), built by {@code
   * package} of the monitor module.
   */
  public Path monitorJar() {
    return root.resolve("monitor/target/monitor.jar");
  }

  /** A shipped controller config, e.g. {@code pendulum-hil}. */
  public Path controllerConfig(String name) {
    return root.resolve("firmware-config/controllers/" + name + ".yaml");
  }

  /** A shipped actor, e.g. {@code pendulum}. */
  public Path actor(String name) {
    return root.resolve("firmware-config/actors/" + name + ".safetensors");
  }

  /** {@code hil-tests/target/hil-reports/<scenario>/}, created. */
  public Path reportDir(String scenario) {
    Path d = root.resolve("hil-tests/target/hil-reports/" + scenario);
    try {
      Files.createDirectories(d);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + d, e);
    }
    return d;
  }

  /** Appends a line to {@code <root>/target/skipped-tests.txt} (listed at the end of bin/test). */
  public void noteSkipped(String line) {
    Path f = root.resolve("target/skipped-tests.txt");
    try {
      Files.createDirectories(f.getParent());
      Files.writeString(
          f, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the caller's assumption still reports the skip
    }
  }
}
