package dev.reflex.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.format.ActorFile;
import dev.reflex.format.ActorScaling;
import dev.reflex.learning.Algorithm;
import dev.reflex.learning.Learner;
import dev.reflex.learning.LearnerOptions;
import dev.reflex.learning.ReplayBuffer;
import dev.reflex.loop.ControlTick;
import dev.reflex.loop.ControlTickBuilder;
import dev.reflex.loop.LoopCycle;
import dev.reflex.loop.LoopInvoker;
import dev.reflex.loop.LoopStats;
import dev.reflex.loop.ManualClock;
import dev.reflex.loop.ManualClockWait;
import dev.reflex.loop.ObservationBuilder;
import dev.reflex.loop.ObservationEntry;
import dev.reflex.loop.PolicySwap;
import dev.reflex.loop.SpscRing;
import dev.reflex.loop.StepRecord;
import dev.reflex.network.Rng;
import dev.reflex.plant.sim.Pendulum;
import dev.reflex.plant.sim.SimPlantIO;
import dev.reflex.policy.CompactActor;
import dev.reflex.policy.Policy;
import dev.reflex.safety.SafetyConfig;
import dev.reflex.safety.SafetyFilter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real control tick with the simulated pendulum and the shipped actor, on a manual clock: the
 * closed loop holds the pendulum up, and the control thread allocates nothing while the learner
 * thread fine-tunes and publishes new actors beside it.
 */
class FineTuningLoopTest {
  static final long PERIOD_NS = 10_000_000L;
  static final Path SHIPPED = Path.of("../firmware-config/actors/pendulum.safetensors");

  static final class Rig {
    final ManualClock clock = new ManualClock(1_000_000_000L);
    final Pendulum pendulum = new Pendulum();
    final SimPlantIO plant = new SimPlantIO(pendulum, PERIOD_NS);
    final PolicySwap swap;
    final SpscRing steps = new SpscRing(4096, new StepRecord(3, 1).width());
    final LoopStats stats = new LoopStats();
    final ControlTick tick;
    final LoopInvoker invoker;

    Rig(Policy policy) {
      this(policy, new PolicySwap());
    }

    Rig(Policy policy, PolicySwap swap) {
      this.swap = swap;
      pendulum.reset(new Rng(3));
      ObservationBuilder obs =
          new ObservationBuilder(
              List.of(
                  ObservationEntry.identity(0),
                  ObservationEntry.identity(1),
                  ObservationEntry.identity(2)),
              3,
              0);
      SafetyFilter safety =
          new SafetyFilter(
              SafetyConfig.of(new double[] {-2}, new double[] {2}, new double[] {0}), PERIOD_NS);
      tick =
          new ControlTickBuilder(plant, policy, obs, safety)
              .steps(steps)
              .policySwap(swap)
              .stats(stats)
              .clock(clock)
              .build();
      LoopCycle cycle =
          new LoopCycle(tick, PERIOD_NS, new ManualClockWait(clock), clock, stats, (e, n) -> {});
      invoker = new LoopInvoker(cycle);
      invoker.start();
    }

    double angleRad() {
      double[] o = new double[3];
      pendulum.observe(o);
      return Math.atan2(o[1], o[0]);
    }
  }

  @Test
  void shouldSwingUpAndHoldThePendulumWithTheShippedActorAt100Hz() throws Exception {
    ActorFile actor = ActorFile.read(SHIPPED);
    Rig rig = new Rig(new CompactActor(actor));
    rig.pendulum.setState(Math.PI, 0); // hanging straight down
    double worstLast2s = 0;
    for (int t = 0; t < 1500; t++) {
      rig.invoker.run(1);
      if (t >= 1300) {
        worstLast2s = Math.max(worstLast2s, Math.abs(rig.angleRad()));
      }
    }
    assertTrue(worstLast2s < 0.2, "|θ| over the last 2 s of 15 s: max " + worstLast2s + " rad");
    assertEquals(0, rig.tick.safety().faults().latchedMask());
  }

  @Test
  void shouldAllocateNothingOnTheControlThreadWhileTheLearnerPublishes() throws Exception {
    ActorFile actor = ActorFile.read(SHIPPED);
    PolicySwap[] swapRef = new PolicySwap[1];
    Exploration exploration = new Exploration(1, false, 0, 0.1, 0.3, null, null, 5);
    PolicySwap swap = new PolicySwap();
    DoubleBufferedActor buffer =
        new DoubleBufferedActor(
            actor,
            inner -> new ExploringPolicy(inner, exploration, new double[] {-2}, new double[] {2}),
            swap);
    Rig rig = new Rig(buffer.initialPolicy());
    // The rig has its own swap; route the buffer's offers through it.
    swapRef[0] = rig.swap;
    LearnerOptions o = LearnerOptions.defaults(Algorithm.TD3);
    int[] sizes = actor.layerSizes();
    o.actorHidden = java.util.Arrays.copyOfRange(sizes, 1, sizes.length - 1);
    o.criticHidden = new int[] {32, 32};
    o.batchSize = 32;
    Learner learner = new Learner(o, 3, 1, 1);
    OnBoardLearnerOptions bo = new OnBoardLearnerOptions();
    bo.minReplay = 64;
    bo.criticWarmupUpdates = 50;
    bo.baselineEpisodes = 1;
    bo.publishEveryActorUpdates = 5;
    bo.scaling = ActorScaling.withActionBounds(3, new double[] {-2}, new double[] {2});
    bo.checkpointPeriodS = 0;
    DoubleBufferedActor publisher =
        new DoubleBufferedActor(
            actor,
            inner -> new ExploringPolicy(inner, exploration, new double[] {-2}, new double[] {2}),
            rig.swap);
    OnBoardLearner onBoard =
        new OnBoardLearner(
            bo,
            learner,
            new ReplayBuffer(20_000, 3, 1),
            rig.steps,
            new StepRecord(3, 1),
            RewardFunction.builder(3, 1).quadratic(0, 1, 1).quadratic(2, 0.1, 0).build(),
            new EpisodeTracker(500, -1, 0, 0, 20),
            new ReturnGuard(1e6, 0.5, 2),
            publisher,
            exploration,
            null,
            LearningListener.NONE,
            System::nanoTime,
            false);
    OnBoardLearnerThread thread = new OnBoardLearnerThread(onBoard, null);
    thread.start();
    try {
      for (int i = 0; i < 100; i++) {
        rig.invoker.run(1000);
        Thread.onSpinWait();
      }
      // Exactly 0 in a window of 100,000 ticks that the JIT did not disturb (Allocations' rule: a
      // C2 compile request of a tick method resolves constants on the control thread, once).
      long allocated =
          dev.reflex.testing.Allocations.measure(
              0,
              1,
              () -> {
                for (int i = 0; i < 100; i++) {
                  rig.invoker.run(1000);
                  Thread.yield(); // let the learner thread drain and publish between bursts
                }
              });
      assertEquals(0, allocated, "control-thread bytes over 100,000 ticks with the learner busy");
    } finally {
      thread.stop(false);
    }
    assertTrue(onBoard.progress().updates > 0, "the learner ran: " + onBoard.progress().updates);
    assertTrue(publisher.published() > 0, "new actors were published and swapped in");
  }
}
