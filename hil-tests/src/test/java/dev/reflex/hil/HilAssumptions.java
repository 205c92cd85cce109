package dev.reflex.hil;

import dev.reflex.testing.MosquittoBroker;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * What a scenario needs before it can run. Parts of the project (the built jar's {@code run}
 * command, the shipped pendulum actor) fail the scenario when missing; only what lies outside the
 * project (Mosquitto for the ACL scenario) is skipped, with a clear message also appended to {@code
 * target/skipped-tests.txt}, which bin/test lists.
 */
final class HilAssumptions {
  private static Boolean runAvailable;

  private HilAssumptions() {}

  /**
   * Fails when the built jar or its {@code run} command does not work, or when the shipped pendulum
   * actor is missing: both are part of the project, so their absence is a defect, never a skip.
   */
  static void requireRunCommand(ProjectLayout layout, String scenario) {
    if (!Files.isRegularFile(layout.runtimeJar())) {
      throw new AssertionError(
          layout.runtimeJar() + " is missing: run mvn -pl runtime,hil-tests -am verify");
    }
    synchronized (HilAssumptions.class) {
      if (runAvailable == null) {
        try {
          Process p =
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
    if (!runAvailable) {
      throw new AssertionError(
          scenario + ": runtime.jar run --help failed; the jar's run command is broken");
    }
  }

  /** Fails when the shipped pendulum actor is missing (it is committed in firmware-config). */
  static void requirePendulumActor(ProjectLayout layout, String scenario) {
    if (!Files.isRegularFile(layout.actor("pendulum"))) {
      throw new AssertionError(
          scenario
              + ": "
              + layout.actor("pendulum")
              + " is missing; it is committed under firmware-config/actors (git checkout it)");
    }
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
