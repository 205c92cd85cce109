package dev.reflex.hil;

import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * What a scenario needs before it can run, each skipped with a clear message (also appended to
 * {@code target/skipped-tests.txt}, which bin/test lists): the built jar's {@code run} command, the
 * shipped pendulum actor (trained by the trainer), Mosquitto for the ACL scenario.
 */
final class HilAssumptions {
  private static Boolean runAvailable;

  private HilAssumptions() {}

  /** Skips when {@code runtime.jar run --help} does not succeed (the command is not built in). */
  static void requireRunCommand(ProjectLayout layout, String scenario) {
    if (!Files.isRegularFile(layout.runtimeJar())) {
      throw new AssertionError(
          layout.runtimeJar() + " is missing: run mvn -pl runtime,hil-tests -am verify");
    }
    synchronized (HilAssumptions.class) {
      if (runAvailable == null) {
        Process p;
        try {
          p =
              new ProcessBuilder(
                      RigProcess.javaBinary(),
                      "-jar",
                      layout.runtimeJar().toString(),
                      "run",
                      "--help")
                  .redirectErrorStream(true)
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                  .start();
          runAvailable =
              p.waitFor(
                      Duration.ofSeconds(60).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                  && p.exitValue() == 0;
          p.destroyForcibly();
        } catch (Exception e) {
          runAvailable = false;
        }
      }
    }
    skipUnless(
        layout,
        runAvailable,
        scenario
            + ": skipped, runtime.jar has no working `run` command (runtime.jar run --help failed)");
  }

  /** Skips when the shipped pendulum actor has not been trained yet. */
  static void requirePendulumActor(ProjectLayout layout, String scenario) {
    skipUnless(
        layout,
        Files.isRegularFile(layout.actor("pendulum")),
        scenario
            + ": skipped, "
            + layout.actor("pendulum")
            + " is absent (the trainer exports it; see docs/hil.md)");
  }

  /** Skips when Mosquitto or mosquitto_passwd is not installed. */
  static void requireMosquitto(ProjectLayout layout, String scenario) {
    skipUnless(
        layout,
        MqttBroker.mosquittoInstalled() && Files.isExecutable(MosquittoBroker.PASSWD),
        scenario
            + ": skipped, "
            + MqttBroker.MOSQUITTO
            + " or "
            + MosquittoBroker.PASSWD
            + " is absent (apt-get install mosquitto; bin/test does it as root)");
  }

  private static void skipUnless(ProjectLayout layout, boolean ok, String line) {
    if (!ok) {
      layout.noteSkipped(line);
      Assumptions.assumeTrue(false, line);
    }
  }
}
