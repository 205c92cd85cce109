package dev.reflex.loop;

import dev.reflex.safety.SafetyConfig;
import dev.reflex.safety.SafetyFilter;
import java.util.List;

/**
 * Wires the real tick and cycle around the pendulum double and a policy, on a manual clock: the
 * shared set-up of the loop tests.
 */
final class LoopFixture {
  static final long PERIOD_NS = 1_000_000L;
  static final double TORQUE_LIMIT_NM = 2.0;

  final ManualClock clock = new ManualClock(1_000_000_000L);
  final PendulumPlantDouble plant = new PendulumPlantDouble();
  final LoopStats stats = new LoopStats();
  final SpscRing steps;
  final CommandMailbox commands = new CommandMailbox(1);
  final PolicySwap swap = new PolicySwap();
  final ControlTick tick;
  final LoopCycle cycle;
  final LoopInvoker invoker;
  final java.util.List<Throwable> errors = new java.util.ArrayList<>();

  /** Observation: [cos θ, sin θ, θ rate, setpoint 0]. */
  static final List<ObservationEntry> ENTRIES =
      List.of(
          ObservationEntry.cos(0),
          ObservationEntry.sin(0),
          ObservationEntry.rate(0, 50),
          ObservationEntry.setpoint(0));

  LoopFixture(dev.reflex.policy.Policy policy, SafetyConfig safetyConfig) {
    ObservationBuilder observations = new ObservationBuilder(ENTRIES, 1, 1);
    SafetyFilter safety = new SafetyFilter(safetyConfig, PERIOD_NS);
    StepRecord layout = new StepRecord(ENTRIES.size(), 1);
    steps = new SpscRing(1024, layout.width());
    tick =
        new ControlTickBuilder(plant, policy, observations, safety)
            .steps(steps)
            .commands(commands)
            .policySwap(swap)
            .stats(stats)
            .clock(clock)
            .build();
    cycle =
        new LoopCycle(
            tick,
            PERIOD_NS,
            new ManualClockWait(clock),
            clock,
            stats,
            (error, count) -> errors.add(error));
    invoker = new LoopInvoker(cycle);
  }

  LoopFixture(dev.reflex.policy.Policy policy) {
    this(policy, defaultSafety());
  }

  static SafetyConfig defaultSafety() {
    return SafetyConfig.of(
        new double[] {-TORQUE_LIMIT_NM}, new double[] {TORQUE_LIMIT_NM}, new double[] {0});
  }

  static LinearPolicy linear() {
    return new LinearPolicy(new double[] {0.1, -3.0, -0.5, 1.0}, 0.0);
  }
}
