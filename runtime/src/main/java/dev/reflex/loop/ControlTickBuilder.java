package dev.reflex.loop;

import dev.reflex.plant.PlantIO;
import dev.reflex.policy.Policy;
import dev.reflex.safety.Heartbeat;
import dev.reflex.safety.SafetyFilter;
import java.util.Objects;

/**
 * Assembles a {@link ControlTick}. The plant, policy, observation builder and safety filter are
 * required; the rest default to: no step ring, {@link TickListener#NONE}, a fresh {@link
 * PolicySwap}, a {@link CommandMailbox} with no setpoints, a fresh {@link Heartbeat} and {@link
 * LoopStats}, and {@link SystemNanoClock}.
 */
public final class ControlTickBuilder {
  PlantIO plant;
  Policy policy;
  ObservationBuilder observations;
  SafetyFilter safety;
  SpscRing steps;
  TickListener listener = TickListener.NONE;
  PolicySwap policySwap = new PolicySwap();
  CommandMailbox commands = new CommandMailbox(0);
  Heartbeat heartbeat = new Heartbeat();
  LoopStats stats = new LoopStats();
  NanoClock clock = SystemNanoClock.INSTANCE;

  /** Starts a builder with the required parts. */
  public ControlTickBuilder(
      PlantIO plant, Policy policy, ObservationBuilder observations, SafetyFilter safety) {
    this.plant = Objects.requireNonNull(plant, "plant");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.observations = Objects.requireNonNull(observations, "observations");
    this.safety = Objects.requireNonNull(safety, "safety");
  }

  /** The learner's step ring (width {@code new StepRecord(obs, act).width()}). */
  public ControlTickBuilder steps(SpscRing ring) {
    this.steps = ring;
    return this;
  }

  /** The telemetry hook. */
  public ControlTickBuilder listener(TickListener tickListener) {
    this.listener = Objects.requireNonNull(tickListener, "listener");
    return this;
  }

  /** Where new policies arrive. */
  public ControlTickBuilder policySwap(PolicySwap swap) {
    this.policySwap = Objects.requireNonNull(swap, "policySwap");
    return this;
  }

  /** Where remote commands arrive. */
  public ControlTickBuilder commands(CommandMailbox mailbox) {
    this.commands = Objects.requireNonNull(mailbox, "commands");
    return this;
  }

  /** The heartbeat the watchdog supervises. */
  public ControlTickBuilder heartbeat(Heartbeat beat) {
    this.heartbeat = Objects.requireNonNull(beat, "heartbeat");
    return this;
  }

  /** Where phase timings go. */
  public ControlTickBuilder stats(LoopStats loopStats) {
    this.stats = Objects.requireNonNull(loopStats, "stats");
    return this;
  }

  /** The clock phases are timed with (the loop's clock). */
  public ControlTickBuilder clock(NanoClock nanoClock) {
    this.clock = Objects.requireNonNull(nanoClock, "clock");
    return this;
  }

  /** Builds the tick, allocating all its buffers; checks that the sizes agree. */
  public ControlTick build() {
    return new ControlTick(this);
  }
}
