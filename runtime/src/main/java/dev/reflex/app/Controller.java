package dev.reflex.app;

import dev.reflex.config.ControllerConfig;
import dev.reflex.config.LoopSection;
import dev.reflex.config.SafetySection;
import dev.reflex.finetune.LearningListener;
import dev.reflex.finetune.OnBoardLearner;
import dev.reflex.finetune.OnBoardLearnerThread;
import dev.reflex.format.ActorFile;
import dev.reflex.loop.ControllerLifecycle;
import dev.reflex.loop.LoopConfig;
import dev.reflex.loop.LoopRunner;
import dev.reflex.loop.StepRecord;
import dev.reflex.loop.ThreadSetup;
import dev.reflex.loop.TickListener;
import dev.reflex.plant.PlantIO;
import dev.reflex.policy.CompactActor;
import dev.reflex.policy.Policy;
import dev.reflex.policy.PolicyWarmUp;
import dev.reflex.safety.FaultKind;
import dev.reflex.safety.FaultRule;
import dev.reflex.safety.SafetyConfig;
import dev.reflex.telemetry.Command;
import dev.reflex.telemetry.CommandResult;
import dev.reflex.telemetry.TelemetryEvent;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One running controller: the loop, its plant and policy, and the optional learner and telemetry.
 */
final class Controller {
  /** Policy calls before the loop starts (JIT to C2, see {@link PolicyWarmUp}). */
  static final int WARM_UP_CALLS = 60_000;

  /** Upper bound on the warm-up time. */
  static final long WARM_UP_MAX_NS = 4_000_000_000L;

  final ControllerConfig config;
  final ControllerLifecycle lifecycle;
  final PlantIO plant;
  final FineTuningAssembly fineTuning;
  final OnBoardLearner learner;
  private OnBoardLearnerThread learnerThreadRef;
  final TelemetryAssembly telemetry;
  final long startMs = System.currentTimeMillis();
  final WorkerHealth health = new WorkerHealth();
  private final PrintStream log;

  private Controller(
      ControllerConfig config,
      ControllerLifecycle lifecycle,
      PlantIO plant,
      FineTuningAssembly fineTuning,
      OnBoardLearner learner,
      TelemetryAssembly telemetry,
      PrintStream log) {
    this.config = config;
    this.lifecycle = lifecycle;
    this.plant = plant;
    this.fineTuning = fineTuning;
    this.learner = learner;
    this.telemetry = telemetry;
    this.log = log;
  }

  /**
   * Builds every part (allocates everything the loop will need) without starting anything.
   *
   * @param plants opens the plant ({@link PlantFactory#open} outside tests)
   */
  static Controller build(
      ControllerConfig config,
      ActorFile actor,
      Path actorPath,
      long learnerSeed,
      Long plantSeed,
      String brokerOverride,
      boolean telemetryWanted,
      PrintStream log,
      PlantOpener plants)
      throws Exception {
    PlantIO plant = plants.open(config, plantSeed);
    try {
      var observations = SignalMapping.observations(config, plant);
      SignalMapping.checkActions(config, plant);
      SafetySection sc = config.safety();
      double[] rates =
          config.action().stream()
              .mapToDouble(
                  a -> a.rateLimitPerS() > 0 ? a.rateLimitPerS() : Double.POSITIVE_INFINITY)
              .toArray();
      // The plant already applies the stale timeout before it reports STALE (PlantIO's contract),
      // so the safety layer reacts to STALE at once instead of timing it a second time. Missed
      // deadlines and a watchdog stall put the safe action out and count towards the fault
      // budget; the loop resumes control once it keeps time again.
      int clearTicks = (int) Math.max(10, Math.round(0.2 * config.loop().rateHz()));
      SafetyConfig safety =
          SafetyConfig.of(config.actionMin(), config.actionMax(), config.actionSafe())
              .withMaxRatePerS(rates)
              .withStaleTimeoutNs(0)
              .withMaxConsecutiveMisses(sc.missBudget())
              .withMaxFaults(sc.faultsBeforeStop())
              .withRule(FaultKind.DEADLINE_MISSES, FaultRule.autoClear(clearTicks))
              .withRule(FaultKind.WATCHDOG_STALL, FaultRule.autoClear(clearTicks));
      LoopSection lc = config.loop();
      LoopConfig base =
          LoopConfig.atRate(lc.rateHz())
              .withThreadSetup(lc.cpu(), lc.priority(), lc.lockMemory())
              .withSpinMarginNs(Math.min(lc.spinMarginNs(), lc.periodNs()));
      LoopConfig loop =
          new LoopConfig(
              base.periodNs(),
              base.spinMarginNs(),
              base.cpu(),
              base.fifoPriority(),
              base.lockMemory(),
              Math.max(sc.watchdogPeriodNs(), base.periodNs() + 1),
              base.stepRingCapacity(),
              Math.max(200, Math.round(3 * lc.rateHz())),
              base.errorLogIntervalNs());
      ControllerLifecycle lifecycle =
          new ControllerLifecycle(loop, safety, observations, new double[0]);
      boolean learning = config.learning().enabled();
      FineTuningAssembly ft =
          learning
              ? new FineTuningAssembly(
                  config,
                  actor,
                  actorPath,
                  lifecycle.policySwap(),
                  learnerSeed,
                  s -> log.println("reflex: " + s))
              : null;
      Policy policy = learning ? ft.buffer.initialPolicy() : new CompactActor(actor);
      if (learning) {
        ft.buffer.warmUp();
      } else {
        PolicyWarmUp.run(policy, WARM_UP_CALLS, WARM_UP_MAX_NS);
      }
      TelemetryAssembly ta = null;
      if (telemetryWanted && config.telemetry().enabled()) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        shapes.put("actor", actor.layerSizes());
        ta =
            new TelemetryAssembly(
                config,
                brokerOverride,
                lifecycle::stats,
                () -> {
                  LoopRunner r = lifecycle.runner();
                  return r == null ? 0 : Math.max(0, r.allocatedBytesAfterWarmup());
                },
                () -> lifecycle.steps() == null ? 0 : lifecycle.steps().dropped(),
                shapes,
                hash(config.file()),
                s -> log.println("reflex: " + s));
        ta.mqtt.pump().setActorHash(hash(actorPath));
      } else {
        log.println("reflex: telemetry off");
      }
      // one reward instance: with learning on, the learner's, so that telemetry shows the reward
      // being learned (set-setpoint changes both)
      TickListener listener =
          ta == null
              ? TickListener.NONE
              : ta.tickListener(
                  learning
                      ? ft.reward
                      : FineTuningAssembly.reward(
                          config, actor.observationSize(), actor.actionSize()));
      lifecycle.configure(plant, policy, listener);
      OnBoardLearner learner = null;
      if (learning) {
        LearningListener ll = ta == null ? LearningListener.NONE : ta.learningListener();
        StepRecord layout = new StepRecord(actor.observationSize(), actor.actionSize());
        learner = ft.onBoardLearner(lifecycle.steps(), layout, ll, lc.periodNs() * 1e-9);
      }
      log.println(
          "reflex: controller "
              + config.name()
              + ": "
              + config.plant().backend()
              + " plant, "
              + String.format("%.0f Hz", lc.rateHz())
              + ", actor "
              + actorPath
              + " ("
              + java.util.Arrays.toString(actor.layerSizes())
              + "), learning "
              + (learning ? "on (from " + ft.startedFrom + ")" : "off"));
      if (learning && ft.lineage != null) {
        log.println("reflex: " + ft.lineage.describe());
      }
      Controller c = new Controller(config, lifecycle, plant, ft, learner, ta, log);
      c.wireFailures(learnerCpu(config));
      return c;
    } catch (Exception | Error e) {
      plant.close();
      throw e;
    }
  }

  private static int learnerCpu(ControllerConfig config) {
    return config.loop().learnerCpu();
  }

  /**
   * The learner thread (built here so its failure handler can reach this controller) and the
   * telemetry thread's failure handler; then the first retained status fields.
   */
  private void wireFailures(int cpu) {
    if (learner != null) {
      learnerThreadRef =
          new OnBoardLearnerThread(
              learner,
              cpu < 0 ? null : () -> ThreadSetup.apply(new ThreadSetup.Request(cpu, 0, false)),
              this::learnerFailed);
    }
    if (telemetry != null) {
      telemetry.mqtt.onFailure(this::telemetryFailed);
    }
    publishStatusFields();
  }

  private void learnerFailed(Throwable t) {
    String cause = WorkerHealth.describe(t);
    health.learnerFailed(cause);
    log.println(
        "reflex: learner thread failed: "
            + cause
            + "; learning stopped, the loop runs on the last good actor");
    event(TelemetryEvent.Kind.FAULT, "learner-failed: " + cause, health.learnerFailures());
    publishStatusFields();
  }

  private void telemetryFailed(Throwable t) {
    String cause = WorkerHealth.describe(t);
    health.telemetryFailed(cause);
    log.println("reflex: telemetry thread failed: " + cause + "; the loop runs without it");
  }

  /** The controller's fields of the retained status: learning state and lineage. */
  private void publishStatusFields() {
    if (telemetry == null) {
      return;
    }
    Map<String, String> f = new LinkedHashMap<>();
    f.put("learning", learner == null ? "off" : health.learnerFailure() == null ? "on" : "failed");
    if (health.learnerFailure() != null) {
      f.put("learning_failure", health.learnerFailure());
    }
    if (fineTuning != null && fineTuning.lineage != null) {
      var l = fineTuning.lineage;
      f.put("lineage_actor_sha256", l.actorSha256());
      f.put("lineage_started", java.time.Instant.ofEpochMilli(l.startedAtMs()).toString());
      f.put(
          "lineage_resumed_from",
          l.resumedFrom() == null ? "" : l.resumedFrom().getFileName().toString());
    }
    telemetry.mqtt.pump().setStatusFields(f);
  }

  /** The learner thread, or null with learning off. */
  OnBoardLearnerThread learnerThread() {
    return learnerThreadRef;
  }

  /** The first 16 hex digits of the file's sha256 (the status's short hashes). */
  static String hash(Path file) {
    try {
      return dev.reflex.finetune.Lineage.sha256(file).substring(0, 16);
    } catch (Exception e) {
      return "unknown";
    }
  }

  void start() {
    if (telemetry != null) {
      telemetry.start();
    }
    lifecycle.activate();
    if (learnerThreadRef != null) {
      learnerThreadRef.start();
    }
    LoopRunner r = lifecycle.runner();
    if (r != null) {
      ThreadSetupResultPrinter.print(r, log);
    }
  }

  /** Applies pending remote commands (supervisor thread, between ticks). */
  void applyCommands() {
    if (telemetry != null) {
      telemetry.commands.applyPending(this::apply, 16);
    }
  }

  /** True between an applied enter-safe and the next leave-safe (supervisor thread only). */
  private boolean safeCommanded;

  private CommandResult apply(Command command) {
    return switch (command) {
      case Command.PauseLearning p -> learning(() -> learner.pause());
      case Command.ResumeLearning r -> learning(() -> learner.resume());
      case Command.Checkpoint c -> learning(() -> learner.requestCheckpoint());
      case Command.Rollback r -> {
        if (learner != null && !learner.keepsVersion(r.version())) {
          yield CommandResult.failed(
              "actor version " + r.version() + " is not among the kept ones (rollback-failed)");
        }
        yield learning(() -> learner.requestRollback(r.version()));
      }
      case Command.SetExploration s -> {
        if (fineTuning == null) {
          yield CommandResult.failed("learning is off");
        }
        try {
          fineTuning.exploration.setScale(s.scale());
          fineTuning.exploration.setEnabled(s.scale() > 0);
          yield CommandResult.ok();
        } catch (IllegalArgumentException e) {
          yield CommandResult.failed(e.getMessage());
        }
      }
      case Command.EnterSafe e -> {
        lifecycle.commands().enterSafeState();
        // one safe-state event per change: a second enter-safe while held changes nothing
        if (!safeCommanded) {
          safeCommanded = true;
          event(TelemetryEvent.Kind.SAFE_STATE, "entered the safe state by command", 1);
        } else {
          event(TelemetryEvent.Kind.INFO, "enter-safe: already in the safe state (no change)", 1);
        }
        yield CommandResult.ok();
      }
      case Command.LeaveSafe l -> {
        lifecycle.commands().leaveSafeState();
        if (safeCommanded) {
          safeCommanded = false;
          event(TelemetryEvent.Kind.SAFE_STATE, "left the safe state by command", 0);
        } else {
          event(
              TelemetryEvent.Kind.INFO,
              "leave-safe: not in the commanded safe state (latched faults reset)",
              0);
        }
        yield CommandResult.ok();
      }
      case Command.SetSetpoint s -> {
        int index = signalIndex(s.setpoint());
        if (index < 0 || learner == null) {
          yield CommandResult.failed("no reward setpoint named '" + s.setpoint() + "'");
        }
        if (health.learnerFailure() != null) {
          // no learner thread drains requests any more: telemetry's reward still follows
          fineTuning.reward.setSetpoint(index, s.value());
        } else {
          learner.requestSetpoint(index, s.value());
        }
        yield CommandResult.ok();
      }
    };
  }

  private int signalIndex(String name) {
    String[] names = SignalMapping.signalNames(config);
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private CommandResult learning(Runnable r) {
    if (learner == null) {
      return CommandResult.failed("learning is off");
    }
    if (health.learnerFailure() != null) {
      return CommandResult.failed("learning failed: " + health.learnerFailure());
    }
    r.run();
    return CommandResult.ok();
  }

  /** The faults the safety layer currently holds, as a {@link FaultKind} mask. */
  int faultMask() {
    return lifecycle.faultMask();
  }

  void event(TelemetryEvent.Kind kind, String message, double value) {
    if (telemetry != null) {
      telemetry.feed.event(kind, message, value);
    }
  }

  /** Orderly shutdown: learner (final checkpoint), loop (actuators safe), telemetry (offline). */
  void stop(String reason, PrintStream err) {
    if (learnerThreadRef != null) {
      try {
        learnerThreadRef.stop(true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    lifecycle.shutdown(reason);
    LoopRunner r = lifecycle.runner();
    if (r != null) {
      long bytes = r.allocatedBytesAfterWarmup();
      err.println(
          "reflex: stopped ("
              + reason
              + "); control thread allocated "
              + (bytes < 0 ? "n/a (run shorter than the warm-up)" : bytes + " bytes")
              + " after warm-up");
    }
    if (telemetry != null) {
      telemetry.close();
    }
  }
}
