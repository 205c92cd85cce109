package dev.reflex.hil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One process of the rig (the runtime or the plant emulator): stdout and stderr go to {@code
 * <name>.out.log} and {@code <name>.err.log} in the scenario's report directory, so they survive
 * the test and can be shown when it fails. {@link #close} always kills what is still running.
 *
 * <p>Threading: one test thread.
 */
public final class RigProcess implements AutoCloseable {
  private final String name;
  private final List<String> command;
  private final Path stdoutFile;
  private final Path stderrFile;
  private final Process process;
  private final long startNs;

  private RigProcess(String name, List<String> command, Path logDir) throws IOException {
    this.name = name;
    this.command = List.copyOf(command);
    this.stdoutFile = logDir.resolve(name + ".out.log");
    this.stderrFile = logDir.resolve(name + ".err.log");
    Files.createDirectories(logDir);
    Files.writeString(logDir.resolve(name + ".cmd.txt"), String.join(" ", command) + "\n");
    this.startNs = System.nanoTime();
    this.process =
        new ProcessBuilder(command)
            .directory(logDir.toFile())
            .redirectOutput(stdoutFile.toFile())
            .redirectError(stderrFile.toFile())
            .start();
  }

  /**
   * JVM flags of the controller: the board's ({@code firmware-config/deploy/reflex@.service} with
   * {@code install.sh --gc serial}) with a smaller fixed heap.
   */
  public static final List<String> CONTROLLER_JVM =
      List.of("-Xms256m", "-Xmx256m", "-XX:+UseSerialGC", "-Xmn32m");

  /** JVM flags of the plant emulator and of short CLI runs. */
  public static final List<String> TOOL_JVM = List.of("-Xmx128m", "-XX:+UseSerialGC");

  /**
   * Starts {@code java <jvmFlags> --add-modules jdk.incubator.vector
   * --enable-native-access=ALL-UNNAMED -jar runtime.jar args...} with the current JVM's java
   * binary.
   *
   * @param name file name prefix of the logs, e.g. {@code runtime} or {@code plant}
   */
  public static RigProcess startRuntimeJar(
      String name, ProjectLayout layout, List<String> jvmFlags, List<String> args, Path logDir) {
    return startJar(name, layout.runtimeJar(), jvmFlags, args, logDir);
  }

  /**
   * Starts {@code monitor.jar args...} (the workstation tool: the plant emulator) like {@link
   * #startRuntimeJar}.
   */
  public static RigProcess startMonitorJar(
      String name, ProjectLayout layout, List<String> jvmFlags, List<String> args, Path logDir) {
    return startJar(name, layout.monitorJar(), jvmFlags, args, logDir);
  }

  private static RigProcess startJar(
      String name, Path jar, List<String> jvmFlags, List<String> args, Path logDir) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar
              + " is missing: build it first (mvn -pl runtime,monitor,hil-tests -am verify builds it)");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBinary());
    cmd.addAll(jvmFlags);
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(args);
    try {
      return new RigProcess(name, cmd, logDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", cmd), e);
    }
  }

  /** Starts any command (e.g. mosquitto) with its output in {@code logDir}. */
  public static RigProcess start(String name, List<String> command, Path logDir) {
    try {
      return new RigProcess(name, command, logDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
    }
  }

  /** The java launcher of this JVM (JDK 25 under Maven), not whatever {@code java} is on PATH. */
  public static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** Log prefix. */
  public String name() {
    return name;
  }

  /** The operating system's process id. */
  public long pid() {
    return process.pid();
  }

  /** True while the process runs. */
  public boolean alive() {
    return process.isAlive();
  }

  /** Seconds since start. */
  public double uptimeS() {
    return (System.nanoTime() - startNs) * 1e-9;
  }

  /** SIGTERM (orderly shutdown: the JVM runs its shutdown hooks). */
  public void sigterm() {
    process.destroy();
  }

  /** SIGKILL: no hooks, no final writes. */
  public void sigkill() {
    process.destroyForcibly();
  }

  /**
   * Waits for the process to exit.
   *
   * @return the exit code
   * @throws AssertionError naming the process and showing its output when it is still running
   */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            name + " still running after " + timeout.toSeconds() + " s\n" + describe());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + name, e);
    }
    return process.exitValue();
  }

  /**
   * Waits until stdout or stderr contains {@code text}.
   *
   * @throws AssertionError with the output when it does not appear in time or the process exits
   */
  public void awaitOutput(String text, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (stdout().contains(text) || stderr().contains(text)) {
        return;
      }
      if (!process.isAlive()) {
        if (stdout().contains(text) || stderr().contains(text)) {
          return;
        }
        throw new AssertionError(
            name
                + " exited ("
                + process.exitValue()
                + ") before printing '"
                + text
                + "'\n"
                + describe());
      }
      sleepMs(50);
    }
    throw new AssertionError(
        name + " did not print '" + text + "' within " + timeout.toMillis() + " ms\n" + describe());
  }

  /** Everything written to stdout so far. */
  public String stdout() {
    return read(stdoutFile);
  }

  /** Everything written to stderr so far. */
  public String stderr() {
    return read(stderrFile);
  }

  /** The command line and the last lines of both streams, for failure messages. */
  public String describe() {
    return "---- "
        + name
        + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")")
        + ": "
        + String.join(" ", command)
        + "\n---- "
        + name
        + " stdout (tail)\n"
        + tail(stdout(), 40)
        + "\n---- "
        + name
        + " stderr (tail)\n"
        + tail(stderr(), 60);
  }

  /** Kills the process if it still runs and waits a moment for it to go. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static String tail(String text, int lines) {
    String[] all = text.split("\n", -1);
    int from = Math.max(0, all.length - lines);
    return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
  }

  private static String read(Path f) {
    try {
      return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + f + ": " + e.getMessage() + ")";
    }
  }

  static void sleepMs(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
