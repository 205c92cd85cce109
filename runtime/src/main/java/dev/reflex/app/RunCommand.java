package dev.reflex.app;

import dev.reflex.cli.CliErrors;
import dev.reflex.cli.CliValues;
import dev.reflex.cli.VersionProvider;
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
    versionProvider = VersionProvider.class,
    description = "Run one controller described by a config file.",
    exitCodeListHeading = "Exit status:%n",
    exitCodeList = {
      "0:the run ended (duration, SIGTERM/SIGINT) healthy",
      "2:bad config, actor or option; nothing started",
      "3:fault stop: the safety layer stopped the loop",
      "4:the run ended, not healthy: a fault still held (safe action) or a learner/telemetry"
          + " thread failed"
    })
public final class RunCommand implements Callable<Integer> {
  /** Exit status when the safety layer stopped the loop. */
  public static final int FAULT_STOP = 3;

  /**
   * Exit status when the run reached its end (duration or signal) but not healthy: a fault was
   * still held (the plant got the safe action at the end, e.g. it never appeared; a momentary
   * deadline-miss or watchdog fault, which clears itself, does not count) or a worker thread
   * (learner, telemetry) failed during the run. 0 means the run ended healthy.
   */
  public static final int DEGRADED = 4;

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
  private volatile int exitStatus;

  @Override
  public Integer call() throws Exception {
    PrintStream err = System.err;
    ControllerConfig config;
    try {
      config = ConfigLoader.load(configFile);
    } catch (ConfigException e) {
      if (e.problems().size() == 1) {
        err.println("error: " + e.problems().getFirst() + "; nothing started");
        return CliErrors.USER_ERROR;
      }
      for (ConfigProblem p : e.problems()) {
        err.println("error: " + p);
      }
      err.println(
          "error: "
              + CliValues.plural(e.problems().size(), "problem")
              + " in "
              + configFile
              + "; nothing started");
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
          "error: actor file "
              + actorPath
              + ": "
              + CliErrors.reason(e, actorPath)
              + (actorOverride != null
                  ? " (from --actor); give an existing .safetensors file"
                  : " (from 'actor:' in " + configFile + "); fix the path or give --actor FILE")
              + "; nothing started");
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
              + CliValues.plural(config.observationSize(), "observation")
              + " and "
              + CliValues.plural(config.actionSize(), "action")
              + "; nothing started");
      return CliErrors.USER_ERROR;
    }
    String bounds = ConfigLoader.actorBoundsProblem(config, actorPath, actor.scaling());
    if (bounds != null) {
      err.println("error: " + bounds + "; nothing started");
      return CliErrors.USER_ERROR;
    }
    long runSeed = seed != null ? seed : 1;
    Controller controller;
    try {
      controller =
          Controller.build(
              config, actor, actorPath, runSeed, seed, brokerOverride, !noTelemetry, err, plants);
    } catch (IllegalArgumentException | IllegalStateException e) {
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
                  Runtime.getRuntime().halt(exitStatus);
                }
              } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
              }
            },
            "reflex-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    int status = -1;
    RunStatus live = new RunStatus(controller, err, RunStatus.onTerminal());
    try {
      controller.start();
      status = supervise(controller, live);
      if (status == 0) {
        status = health(controller, err);
      }
    } finally {
      exitStatus = status(status);
      live.clear();
      controller.stop(stopReason, err);
      live.summary(stopReason);
      if (reportFile != null) {
        RunReport.write(reportFile, controller, stopReason, exitStatus);
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

  private static int status(int s) {
    return s < 0 ? 1 : s;
  }

  /** At a requested end: 0 when healthy, else {@link #DEGRADED} with one line saying why. */
  private static int health(Controller c, PrintStream err) {
    String why = RunReport.unhealthy(c);
    if (why == null) {
      return 0;
    }
    err.println("reflex: run ended not healthy (exit " + DEGRADED + "): " + why);
    return DEGRADED;
  }

  /** Waits for the end, applying remote commands and reporting faults between ticks. */
  private int supervise(Controller c, RunStatus live) throws InterruptedException {
    long endNs = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
    int lastMask = 0;
    while (System.nanoTime() < endNs) {
      if (stopRequested.await(20, TimeUnit.MILLISECONDS)) {
        return 0;
      }
      c.applyCommands();
      live.update();
      String link = c.plant.linkChange();
      if (link != null) {
        live.println("reflex: " + link);
        c.event(TelemetryEvent.Kind.INFO, link, 0);
      }
      int mask = c.faultMask();
      if (mask != lastMask) {
        String what = mask == 0 ? "faults cleared" : "fault: " + FaultKind.describeMask(mask);
        live.println("reflex: " + what);
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
        live.println("reflex: " + stopReason);
        c.event(TelemetryEvent.Kind.FAULT, stopReason, mask);
        return FAULT_STOP;
      }
    }
    return 0;
  }

  /** Parses 30s, 2m, 500ms, 1h or a plain number of seconds: {@link CliValues#duration}. */
  public static final class DurationConverter
      implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return CliValues.duration(value);
    }
  }
}
