package dev.reflex.safety;

import dev.reflex.plant.PlantStatus;

/**
 * The last stage before the actuators: checks the tick's inputs, latches faults, and turns the
 * policy's action into the applied action (clamped, rate-limited, or the safe action).
 *
 * <p>Checks, every tick: a failed sensor read; stale sensors beyond the stale timeout; NaN/Inf in
 * the observation or the action; consecutive deadline misses beyond the budget. While any fault is
 * latched, or a safe state is commanded, the applied action is the configured safe action and the
 * rate limiter restarts from it. Otherwise each channel is clamped to its limits and moved at most
 * {@code maxRatePerS * period} from the previously applied value.
 *
 * <p>Real-time: allocation-free; no locks; no I/O. Threading: control thread only (the {@link
 * FaultLatch}'s published state is readable from any thread).
 */
public final class SafetyFilter {

  private static final long NOT_STALE = Long.MIN_VALUE;

  private final double[] lowLimit;
  private final double[] highLimit;
  private final double[] maxStepPerTick;
  private final double[] safeAction;
  private final double[] lastApplied;
  private final long staleTimeoutNs;
  private final int maxConsecutiveMisses;
  private final FaultLatch faults;

  private long staleSinceNs = NOT_STALE;
  private boolean hold;

  /**
   * @param config limits, rates, timeouts and fault rules
   * @param periodNs the loop period, which turns per-second rate limits into per-tick steps
   */
  public SafetyFilter(SafetyConfig config, long periodNs) {
    if (periodNs <= 0) {
      throw new IllegalArgumentException("periodNs must be > 0, got " + periodNs);
    }
    int n = config.actionSize();
    this.lowLimit = config.actionLow();
    this.highLimit = config.actionHigh();
    this.safeAction = config.safeAction();
    this.maxStepPerTick = new double[n];
    for (int i = 0; i < n; i++) {
      maxStepPerTick[i] = config.maxRatePerS()[i] * (periodNs * 1e-9);
    }
    this.lastApplied = safeAction.clone();
    this.staleTimeoutNs = config.staleTimeoutNs();
    this.maxConsecutiveMisses = config.maxConsecutiveMisses();
    this.faults = new FaultLatch(config);
  }

  /** Number of actuator channels. */
  public int actionSize() {
    return safeAction.length;
  }

  /** The latched faults. */
  public FaultLatch faults() {
    return faults;
  }

  /**
   * Checks one tick and computes the applied action.
   *
   * @param observation the tick's observation; undefined (and not checked) if {@code sensorStatus}
   *     is {@code FAILED}. Not modified.
   * @param sensorStatus the {@link PlantStatus} of the tick's read
   * @param nowNs the tick's start time
   * @param consecutiveMisses deadline misses in a row up to this tick
   * @param action the policy's action (not checked if {@code sensorStatus} is {@code FAILED}). Not
   *     modified.
   * @param appliedOut the action to write. Modified.
   * @return {@link SafetyFlags} bits
   */
  public int filter(
      double[] observation,
      int sensorStatus,
      long nowNs,
      int consecutiveMisses,
      double[] action,
      double[] appliedOut) {
    int flags = checkSensors(sensorStatus, nowNs);
    if (sensorStatus != PlantStatus.FAILED) {
      if (!allFinite(observation)) {
        faults.present(FaultKind.NAN_OBSERVATION);
      }
      if (!allFinite(action)) {
        faults.present(FaultKind.NAN_ACTION);
      }
    }
    if (consecutiveMisses > maxConsecutiveMisses) {
      faults.present(FaultKind.DEADLINE_MISSES);
    }
    faults.endTick();
    if (faults.faulted() || hold) {
      System.arraycopy(safeAction, 0, appliedOut, 0, safeAction.length);
      System.arraycopy(safeAction, 0, lastApplied, 0, safeAction.length);
      flags |= faults.faulted() ? SafetyFlags.FAULTED : 0;
      flags |= hold ? SafetyFlags.HOLD : 0;
    } else {
      flags |= limit(action, appliedOut);
    }
    return faults.stopRequested() ? flags | SafetyFlags.STOP : flags;
  }

  /**
   * Latches a fault found outside {@link #filter} (write failure, exception, watchdog) and puts the
   * safe action in {@code appliedOut}.
   *
   * @param kind the fault
   * @param appliedOut the action to write instead. Modified.
   */
  public void raise(FaultKind kind, double[] appliedOut) {
    faults.present(kind);
    System.arraycopy(safeAction, 0, appliedOut, 0, safeAction.length);
    System.arraycopy(safeAction, 0, lastApplied, 0, safeAction.length);
  }

  /** Holds (true) or releases (false) the commanded safe state. */
  public void setHold(boolean holdSafe) {
    this.hold = holdSafe;
  }

  /** True while a safe state is commanded. */
  public boolean holding() {
    return hold;
  }

  /** Leaves the safe state: releases the hold and clears every latched fault. */
  public void reset() {
    hold = false;
    staleSinceNs = NOT_STALE;
    faults.reset();
  }

  /** The configured safe action (shared array: do not modify). */
  public double[] safeAction() {
    return safeAction;
  }

  /** True once a controlled stop is due. */
  public boolean stopRequested() {
    return faults.stopRequested();
  }

  private int checkSensors(int sensorStatus, long nowNs) {
    if (sensorStatus == PlantStatus.OK) {
      staleSinceNs = NOT_STALE;
      return 0;
    }
    if (sensorStatus == PlantStatus.STALE) {
      if (staleSinceNs == NOT_STALE) {
        staleSinceNs = nowNs;
      }
      if (nowNs - staleSinceNs >= staleTimeoutNs) {
        faults.present(FaultKind.SENSOR_STALE);
      }
      return SafetyFlags.SENSOR_STALE;
    }
    staleSinceNs = NOT_STALE;
    faults.present(FaultKind.SENSOR_FAILED);
    return SafetyFlags.SENSOR_FAILED;
  }

  private int limit(double[] action, double[] appliedOut) {
    int flags = 0;
    for (int i = 0; i < safeAction.length; i++) {
      double target = action[i];
      if (target < lowLimit[i]) {
        target = lowLimit[i];
        flags |= SafetyFlags.CLAMPED;
      } else if (target > highLimit[i]) {
        target = highLimit[i];
        flags |= SafetyFlags.CLAMPED;
      }
      double step = target - lastApplied[i];
      if (step > maxStepPerTick[i]) {
        target = lastApplied[i] + maxStepPerTick[i];
        flags |= SafetyFlags.RATE_LIMITED;
      } else if (step < -maxStepPerTick[i]) {
        target = lastApplied[i] - maxStepPerTick[i];
        flags |= SafetyFlags.RATE_LIMITED;
      }
      appliedOut[i] = target;
      lastApplied[i] = target;
    }
    return flags;
  }

  private static boolean allFinite(double[] values) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
