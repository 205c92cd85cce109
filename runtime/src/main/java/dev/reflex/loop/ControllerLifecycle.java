package dev.reflex.loop;

import dev.reflex.plant.PlantIO;
import dev.reflex.policy.Policy;
import dev.reflex.safety.FaultKind;
import dev.reflex.safety.Heartbeat;
import dev.reflex.safety.SafetyConfig;
import dev.reflex.safety.SafetyFilter;
import dev.reflex.safety.Watchdog;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's life, like a robot controller's: {@link #configure} (allocate everything for a
 * given plant and policy) → {@link #activate} (start ticking) → {@link #deactivate} (stop ticking,
 * actuators to safe values) → {@link #shutdown} (also closes the plant). A controlled stop demanded
 * by the safety layer moves it to {@link State#FAULT_STOPPED}; a SIGTERM/SIGINT shutdown hook
 * ({@link #installShutdownHook}) calls {@link #shutdown}. Every transition is logged with its
 * reason.
 *
 * <p>Threading: transitions from any thread (serialised); the control thread only reports its exit.
 */
public final class ControllerLifecycle implements AutoCloseable {

  /** Lifecycle states. */
  public enum State {
    /** Nothing allocated. */
    UNCONFIGURED,
    /** Allocated, not ticking. */
    CONFIGURED,
    /** Ticking. */
    ACTIVE,
    /** Stopped by {@link #deactivate}; actuators safe; may be activated again. */
    INACTIVE,
    /** Stopped by the safety layer; actuators safe; needs a new configure (or shutdown). */
    FAULT_STOPPED,
    /** Plant closed; final. */
    SHUTDOWN
  }

  private static final Logger LOG = LoggerFactory.getLogger(ControllerLifecycle.class);

  private final LoopConfig loopConfig;
  private final SafetyConfig safetyConfig;
  private final List<ObservationEntry> observationEntries;
  private final CommandMailbox commands;
  private final PolicySwap policySwap = new PolicySwap();
  private final AtomicReference<State> state = new AtomicReference<>(State.UNCONFIGURED);
  private volatile String lastReason = "not configured";

  private PlantIO plant;
  private volatile LoopStats stats;
  private SpscRing steps;
  private volatile LoopCycle cycle;
  private Watchdog watchdog;
  private LoopRunner runner;
  private volatile LoopRunner lastRunner;

  /**
   * @param loopConfig rate, thread set-up, watchdog, ring size
   * @param safetyConfig limits, safe action, fault rules
   * @param observationEntries how the observation is built from sensors and setpoints
   * @param initialSetpoints the setpoints' starting values (may be empty)
   */
  public ControllerLifecycle(
      LoopConfig loopConfig,
      SafetyConfig safetyConfig,
      List<ObservationEntry> observationEntries,
      double[] initialSetpoints) {
    this.loopConfig = loopConfig;
    this.safetyConfig = safetyConfig;
    this.observationEntries = List.copyOf(observationEntries);
    this.commands = new CommandMailbox(initialSetpoints.length, initialSetpoints);
  }

  /**
   * Allocates the loop for {@code plant} and {@code policy}.
   *
   * @param listener telemetry's per-tick hook
   * @throws IllegalArgumentException if sizes disagree (plant channels, policy, safety limits)
   * @throws IllegalStateException if active or shut down
   */
  public synchronized void configure(PlantIO plant, Policy policy, TickListener listener) {
    State s = state.get();
    if (s == State.ACTIVE || s == State.SHUTDOWN) {
      throw new IllegalStateException("cannot configure in state " + s);
    }
    if (watchdog != null) {
      watchdog.close();
    }
    NanoClock clock = SystemNanoClock.INSTANCE;
    ObservationBuilder observations =
        new ObservationBuilder(
            observationEntries, plant.sensorNames().length, commands.setpointCount());
    SafetyFilter safety = new SafetyFilter(safetyConfig, loopConfig.periodNs());
    StepRecord layout = new StepRecord(observations.size(), plant.actuatorNames().length);
    Heartbeat heartbeat = new Heartbeat();
    this.plant = plant;
    this.stats = new LoopStats();
    this.steps = new SpscRing(loopConfig.stepRingCapacity(), layout.width());
    ControlTick tick =
        new ControlTickBuilder(plant, policy, observations, safety)
            .steps(steps)
            .listener(listener)
            .policySwap(policySwap)
            .commands(commands)
            .heartbeat(heartbeat)
            .stats(stats)
            .clock(clock)
            .build();
    this.cycle =
        new LoopCycle(
            tick,
            loopConfig.periodNs(),
            new ParkSpinWait(loopConfig.spinMarginNs()),
            clock,
            stats,
            new RateLimitedErrorLog(loopConfig.errorLogIntervalNs(), clock));
    this.watchdog =
        new Watchdog(
            heartbeat,
            plant,
            safetyConfig.safeAction(),
            loopConfig.watchdogTimeoutNs(),
            clock::nanoTime);
    transition(
        State.CONFIGURED,
        "configured for "
            + plant.sensorNames().length
            + " sensors, "
            + plant.actuatorNames().length
            + " actuators, period "
            + loopConfig.periodNs()
            + " ns");
  }

  /** The faults the safety layer currently reports ({@link FaultKind} mask; 0 before configure). */
  public int faultMask() {
    LoopCycle c = cycle;
    return c == null ? 0 : c.tick().safety().faults().publishedMask();
  }

  /** The runner of the current or the last activation (null before the first). */
  public LoopRunner runner() {
    return lastRunner;
  }

  /** Starts ticking (and the watchdog). */
  public synchronized void activate() {
    State s = state.get();
    if (s != State.CONFIGURED && s != State.INACTIVE) {
      throw new IllegalStateException("cannot activate in state " + s);
    }
    runner =
        new LoopRunner(
            cycle,
            loopConfig.threadSetup(),
            loopConfig.warmupTicks(),
            "reflex-control",
            this::onLoopExit);
    lastRunner = runner;
    transition(State.ACTIVE, "activated");
    watchdog.close();
    runner.start();
    watchdog.start(Math.max(loopConfig.watchdogTimeoutNs() / 4, 1_000_000L));
  }

  /**
   * Stops ticking and drives the actuators to their safe values.
   *
   * @param reason logged
   */
  public synchronized void deactivate(String reason) {
    if (runner != null) {
      runner.stop();
      LOG.info("loop summary:{}{}", System.lineSeparator(), runner.summary());
      runner = null;
    }
    if (watchdog != null) {
      watchdog.close();
    }
    if (plant != null) {
      plant.writeSafe(safetyConfig.safeAction());
    }
    State s = state.get();
    if (s == State.ACTIVE || s == State.CONFIGURED) {
      transition(State.INACTIVE, reason);
    }
  }

  /**
   * Deactivates, then closes the plant. Idempotent.
   *
   * @param reason logged
   */
  public synchronized void shutdown(String reason) {
    if (state.get() == State.SHUTDOWN) {
      return;
    }
    deactivate(reason);
    if (plant != null) {
      try {
        plant.close();
      } catch (Throwable t) {
        LOG.error("closing the plant failed", t);
      }
    }
    transition(State.SHUTDOWN, reason);
  }

  @Override
  public void close() {
    shutdown("closed");
  }

  /**
   * Registers a JVM shutdown hook (run on SIGTERM/SIGINT and normal exit) that shuts down with the
   * reason "signal or JVM exit".
   *
   * @return the hook thread (for {@link Runtime#removeShutdownHook})
   */
  public Thread installShutdownHook() {
    Thread hook =
        Thread.ofPlatform()
            .name("reflex-shutdown")
            .unstarted(() -> shutdown("signal or JVM exit (SIGTERM/SIGINT)"));
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  private void onLoopExit(LoopRunner.Exit exit) {
    if (exit == LoopRunner.Exit.STOP_REQUESTED) {
      return;
    }
    FaultKind why = cycle.tick().safety().faults().stopReason();
    String reason =
        exit == LoopRunner.Exit.CONTROLLED_STOP
            ? "controlled stop: " + (why == null ? "fault budget" : why.message())
            : "loop error";
    if (state.compareAndSet(State.ACTIVE, State.FAULT_STOPPED)) {
      lastReason = reason;
      LOG.error("lifecycle ACTIVE -> FAULT_STOPPED: {}", reason);
    }
  }

  private void transition(State next, String reason) {
    State previous = state.getAndSet(next);
    lastReason = reason;
    LOG.info("lifecycle {} -> {}: {}", previous, next, reason);
  }

  /** The current state. */
  public State state() {
    return state.get();
  }

  /** The reason of the last transition. */
  public String lastReason() {
    return lastReason;
  }

  /** Where remote commands go (any thread). */
  public RemoteCommands commands() {
    return commands;
  }

  /** Where the learner offers new policies (any thread). */
  public PolicySwap policySwap() {
    return policySwap;
  }

  /** The learner's step ring (null before configure). */
  public SpscRing steps() {
    return steps;
  }

  /** Loop timing (null before configure). */
  public LoopStats stats() {
    return stats;
  }

  /** The loop cycle (null before configure). */
  public LoopCycle cycle() {
    return cycle;
  }

  /** The watchdog (null before configure). */
  public Watchdog watchdog() {
    return watchdog;
  }
}
