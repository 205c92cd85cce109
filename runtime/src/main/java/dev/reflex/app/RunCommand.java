package dev.reflex.app;

import dev.reflex.config.ConfigException;
import dev.reflex.config.ConfigLoader;
import dev.reflex.config.ConfigProblem;
import dev.reflex.config.ControllerConfig;
import dev.reflex.format.ActorFile;
import dev.reflex.loop.ControllerLifecycle;
import dev.reflex.safety.FaultKind;
import dev.reflex.telemetry.TelemetryEvent;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code run}: the composition root of the board-side program. Loads the config and the actor,
 * opens the plant, builds the loop, on-board learning and telemetry, runs until the duration ends,
 * a signal arrives or a fault stops the loop, then shuts down in order: learner (final checkpoint),
 * loop (actuators safe), telemetry (status offline).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run one controller described by a config file.")
public final class RunCommand implements Callable<Integer> {
  /** Exit status when the safety layer stopped the loop. */
  public static final int FAULT_STOP = 3;

  @Option(names = "--config", required = true, description = "Controller config (YAML).")
  Path configFile;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "How long to run (e.g. 30s, 2m, 500ms); default until SIGTERM/SIGINT.")
  Duration duration;

  @Option(names = "--actor", description = "Actor file, instead of the config's.")
  Path actorOverride;

  @Option(names = "--broker", description = "MQTT broker URL, instead of the config's.")
  String brokerOverride;

  @Option(names = "--no-telemetry", description = "Run without MQTT telemetry.")
  boolean noTelemetry;

  @Option(
      names = "--learning",
      description = "Turn on-board learning on or off: ${COMPLETION-CANDIDATES}.")
  OnOff learning;

  @Option(names = "--seed", description = "Seed of the simulated plant and the learner.")
  Long seed;

  @Option(
      names = "--checkpoint-dir",
      description = "Checkpoint directory, instead of the config's.")
  Path checkpointDir;

  @Option(names = "--report", description = "Write a JSON summary here at exit.")
  Path reportFile;

  /** on / off. */
  public enum OnOff {
    on,
    off
  }

  private final PlantOpener plants;

  /** The command as {@code runtime.jar run} has it: plants opened by {@link PlantFactory}. */
  public RunCommand() {
    this(PlantFactory::open);
  }

  /**
   * The command with another plant opener: tests run a real config end to end on Pi4J's mock plugin
   * and chip emulations.
   */
  public RunCommand(PlantOpener plants) {
    this.plants = plants;
  }

  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile String stopReason = "duration elapsed";

  @Override
  public Integer call() throws Exception {
    PrintStream err = System.err;
    ControllerConfig config;
    try {
      config = ConfigLoader.load(configFile);
    } catch (ConfigException e) {
      for (ConfigProblem p : e.problems()) {
        err.println("error: " + p);
      }
      err.println(
          "error: " + e.problems().size() + " problem(s) in " + configFile + "; nothing started");
      return CliErrors.USER_ERROR;
    }
    config =
        RunOverrides.apply(config, learning == null ? null : learning == OnOff.on, checkpointDir);
    Path actorPath = actorOverride != null ? actorOverride : config.actorFile();
    ActorFile actor;
    try {
      actor = ActorFile.read(actorPath);
    } catch (java.io.IOException | RuntimeException e) {
      err.println(
          "error: actor file " + actorPath + ": " + CliErrors.describe(e) + "; nothing started");
      return CliErrors.USER_ERROR;
    }
    if (actor.observationSize() != config.observationSize()
        || actor.actionSize() != config.actionSize()) {
      err.println(
          "error: actor "
              + actorPath
              + " is "
              + actor.observationSize()
              + "→"
              + actor.actionSize()
              + " but "
              + configFile
              + " describes "
              + config.observationSize()
              + " observations and "
              + config.actionSize()
              + " actions; nothing started");
      return CliErrors.USER_ERROR;
    }
    long runSeed = seed != null ? seed : 1;
    Controller controller;
    try {
      controller =
          Controller.build(
              config, actor, actorPath, runSeed, seed, brokerOverride, !noTelemetry, err, plants);
    } catch (IllegalArgumentException e) {
      err.println("error: " + CliErrors.describe(e) + "; nothing started");
      return CliErrors.USER_ERROR;
    }
    Thread main = Thread.currentThread();
    Thread hook =
        new Thread(
            () -> {
              stopReason = "signal (SIGTERM/SIGINT)";
              stopRequested.countDown();
              try {
                if (finished.await(20, TimeUnit.SECONDS)) {
                  // Everything is shut down in order (actuators safe, checkpoint, status offline):
                  // a requested stop is a clean exit, not "killed by SIGTERM" (143).
                  Runtime.getRuntime().halt(0);
                }
              } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
              }
            },
            "reflex-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    int status;
    try {
      controller.start();
      status = supervise(controller, err);
    } finally {
      controller.stop(stopReason, err);
      if (reportFile != null) {
        RunReport.write(reportFile, controller, stopReason);
      }
      finished.countDown();
    }
    if (Thread.currentThread() == main) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it waits for `finished`
      }
    }
    return status;
  }

  /** Waits for the end, applying remote commands and reporting faults between ticks. */
  private int supervise(Controller c, PrintStream err) throws InterruptedException {
    long endNs = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
    int lastMask = 0;
    while (System.nanoTime() < endNs) {
      if (stopRequested.await(20, TimeUnit.MILLISECONDS)) {
        return 0;
      }
      c.applyCommands();
      String link = c.plant.linkChange();
      if (link != null) {
        err.println("reflex: " + link);
        c.event(TelemetryEvent.Kind.INFO, link, 0);
      }
      int mask = c.faultMask();
      if (mask != lastMask) {
        String what = mask == 0 ? "faults cleared" : "fault: " + FaultKind.describeMask(mask);
        err.println("reflex: " + what);
        c.event(mask == 0 ? TelemetryEvent.Kind.INFO : TelemetryEvent.Kind.FAULT, what, mask);
        if (mask != 0) {
          c.event(
              TelemetryEvent.Kind.SAFE_STATE,
              "safe action applied: " + FaultKind.describeMask(mask),
              mask);
        }
        lastMask = mask;
      }
      if (c.lifecycle.state() == ControllerLifecycle.State.FAULT_STOPPED) {
        stopReason = c.lifecycle.lastReason();
        err.println("reflex: " + stopReason);
        c.event(TelemetryEvent.Kind.FAULT, stopReason, mask);
        return FAULT_STOP;
      }
    }
    return 0;
  }

  /** Parses 30s, 2m, 500ms, 1h or a plain number of seconds. */
  public static final class DurationConverter
      implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(java.util.Locale.ROOT);
      try {
        if (v.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
        }
        double n = Double.parseDouble(v.replaceAll("[a-z]+$", "").trim());
        double seconds =
            v.endsWith("h") ? n * 3600 : v.endsWith("m") || v.endsWith("min") ? n * 60 : n;
        if (!(seconds > 0)) {
          throw new NumberFormatException();
        }
        return Duration.ofNanos((long) (seconds * 1e9));
      } catch (NumberFormatException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "'" + value + "' is not a duration (e.g. 30s, 2m, 500ms)");
      }
    }
  }
}
