package dev.reflex.loop;

import dev.reflex.plant.PlantIO;
import dev.reflex.plant.PlantStatus;
import dev.reflex.policy.Policy;
import dev.reflex.safety.FaultKind;
import dev.reflex.safety.Heartbeat;
import dev.reflex.safety.SafetyFilter;
import java.util.Arrays;

/**
 * The work of one control period, with no thread and no timing policy of its own (those belong to
 * {@link LoopCycle}): apply pending commands and a pending policy, read the sensors, build the
 * observation, run the policy, filter the action, write the actuators, then publish a step record
 * to the learner's ring and a sample to the tick listener.
 *
 * <p>Real-time: allocation-free; no locks; no I/O besides the plant's. Threading: control thread
 * only (construction may happen anywhere). Build it with {@link ControlTickBuilder}.
 */
public final class ControlTick {

  private final PlantIO plant;
  private Policy policy;
  private final ObservationBuilder observations;
  private final SafetyFilter safety;
  private final Heartbeat heartbeat;
  private final SpscRing steps;
  private final TickListener listener;
  private final PolicySwap policySwap;
  private final CommandMailbox commands;
  private final LoopStats stats;
  private final NanoClock clock;

  private final double[] sensors;
  private final double[] setpoints;
  private final double[] observation;
  private final double[] policyAction;
  private final double[] appliedAction;
  private final double[] stepRecord;
  private final int actionOffset;

  private long tickIndex;
  private long firstTickNs;
  private long rejectedPolicies;

  ControlTick(ControlTickBuilder b) {
    this.plant = b.plant;
    this.policy = b.policy;
    this.observations = b.observations;
    this.safety = b.safety;
    this.heartbeat = b.heartbeat;
    this.steps = b.steps;
    this.listener = b.listener;
    this.policySwap = b.policySwap;
    this.commands = b.commands;
    this.stats = b.stats;
    this.clock = b.clock;
    int sensorCount = plant.sensorNames().length;
    int actionSize = plant.actuatorNames().length;
    requireSize("policy observation size", policy.observationSize(), observations.size());
    requireSize("policy action size", policy.actionSize(), actionSize);
    requireSize("safety action size", safety.actionSize(), actionSize);
    this.sensors = new double[sensorCount];
    this.setpoints = new double[commands.setpointCount()];
    this.observation = new double[observations.size()];
    this.policyAction = new double[actionSize];
    this.appliedAction = safety.safeAction().clone();
    StepRecord layout = new StepRecord(observation.length, actionSize);
    this.actionOffset = layout.actionOffset();
    this.stepRecord = new double[layout.width()];
    if (steps != null && steps.recordDoubles() != layout.width()) {
      throw new IllegalArgumentException(
          "step ring records hold "
              + steps.recordDoubles()
              + " doubles, the step layout needs "
              + layout.width());
    }
    commands.readSetpoints(setpoints);
  }

  /**
   * Runs one tick.
   *
   * @param nowNs the tick's start time on the loop clock
   * @param dtS time since the previous tick in seconds (whole periods)
   * @param consecutiveMisses deadline misses in a row up to this tick
   * @return {@link TickFlags} bits
   */
  public int doTick(long nowNs, double dtS, int consecutiveMisses) {
    if (tickIndex == 0) {
      firstTickNs = nowNs;
    }
    int flags = applyBoundary();
    if (heartbeat.takeStall()) {
      safety.raise(FaultKind.WATCHDOG_STALL, appliedAction);
    }
    long t0 = clock.nanoTime();
    int sensorStatus = plant.read(sensors, nowNs);
    long t1 = clock.nanoTime();
    if (plant.episodeStarted()) {
      flags |= TickFlags.EPISODE_START;
    }
    if (sensorStatus == PlantStatus.FAILED) {
      observations.resetRates();
      Arrays.fill(observation, Double.NaN);
      Arrays.fill(policyAction, Double.NaN);
    } else {
      observations.build(sensors, setpoints, dtS, observation);
      policy.act(observation, policyAction);
    }
    long t2 = clock.nanoTime();
    flags |=
        safety.filter(
            observation, sensorStatus, nowNs, consecutiveMisses, policyAction, appliedAction);
    long t3 = clock.nanoTime();
    if ((flags & (TickFlags.FAULTED | TickFlags.HOLD)) != 0) {
      plant.writeSafe(appliedAction);
    } else if (plant.write(appliedAction, nowNs) != PlantStatus.OK) {
      safety.raise(FaultKind.ACTUATOR_WRITE_FAILED, appliedAction);
      flags |= TickFlags.WRITE_FAILED;
    }
    long t4 = clock.nanoTime();
    heartbeat.beat(t4);
    stats.recordPhases(t1 - t0, t2 - t1, t3 - t2, t4 - t3);
    publish(nowNs, flags);
    tickIndex++;
    return flags;
  }

  /**
   * The error path when a tick threw: latches {@link FaultKind#TICK_EXCEPTION}, writes the safe
   * action (catching anything the plant throws) and beats the heartbeat (the thread is alive).
   *
   * @param nowNs the clock reading
   */
  public void failSafe(long nowNs) {
    safety.raise(FaultKind.TICK_EXCEPTION, appliedAction);
    try {
      plant.writeSafe(appliedAction);
    } finally {
      heartbeat.beat(nowNs);
    }
  }

  /** Drives the actuators to the safe action (controlled stop, deactivation). */
  public void driveSafe() {
    plant.writeSafe(safety.safeAction());
  }

  /** True once the safety layer demands a controlled stop. */
  public boolean stopRequested() {
    return safety.stopRequested();
  }

  /** Ticks run. */
  public long tickIndex() {
    return tickIndex;
  }

  /** The policy in use. */
  public Policy policy() {
    return policy;
  }

  /** Pending policies rejected for a size mismatch. */
  public long rejectedPolicies() {
    return rejectedPolicies;
  }

  /** The safety filter (faults, hold). */
  public SafetyFilter safety() {
    return safety;
  }

  /** The heartbeat the watchdog supervises. */
  public Heartbeat heartbeat() {
    return heartbeat;
  }

  /** The step ring, or null. */
  public SpscRing steps() {
    return steps;
  }

  private int applyBoundary() {
    int flags = 0;
    int requests = commands.takeRequests();
    if ((requests & CommandMailbox.LEAVE_SAFE) != 0) {
      safety.reset();
    }
    if ((requests & CommandMailbox.ENTER_SAFE) != 0) {
      safety.setHold(true);
    }
    commands.readSetpoints(setpoints);
    Policy next = policySwap.poll();
    if (next != null) {
      if (next.observationSize() == observation.length
          && next.actionSize() == policyAction.length) {
        policy = next;
        flags |= TickFlags.POLICY_SWAPPED;
      } else {
        rejectedPolicies++;
        flags |= TickFlags.POLICY_REJECTED;
      }
    }
    return flags;
  }

  private void publish(long nowNs, int flags) {
    listener.onTick(tickIndex, nowNs, sensors, observation, appliedAction, flags);
    if (steps == null) {
      return;
    }
    stepRecord[StepRecord.TICK_INDEX] = tickIndex;
    stepRecord[StepRecord.TIME_NS] = nowNs - firstTickNs;
    stepRecord[StepRecord.FLAGS] = flags;
    System.arraycopy(observation, 0, stepRecord, StepRecord.OBSERVATION, observation.length);
    System.arraycopy(appliedAction, 0, stepRecord, actionOffset, appliedAction.length);
    steps.offer(stepRecord);
  }

  private static void requireSize(String what, int actual, int expected) {
    if (actual != expected) {
      throw new IllegalArgumentException(what + " is " + actual + ", expected " + expected);
    }
  }
}
