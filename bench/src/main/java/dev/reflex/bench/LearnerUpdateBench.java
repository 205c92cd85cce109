package dev.reflex.bench;

import dev.reflex.learning.Algorithm;
import dev.reflex.learning.Learner;
import dev.reflex.learning.LearnerOptions;
import dev.reflex.learning.ReplayBuffer;
import dev.reflex.network.kernel.DenseKernels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@link Learner#update} (sample a minibatch, critic step(s), and the actor and target step
 * when due) on a replay buffer filled with 10 000 random pendulum-sized transitions (3
 * observations, 1 action), for DDPG and TD3 with the actor and critic hidden widths and batch of
 * {@code shape} ({@code "256-256/256"}), on the scalar or the vector kernels, in double or float32.
 * TD3 reports the mean over its two-update cycle (policy delay 2).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class LearnerUpdateBench {
  static final int OBS = 3;
  static final int ACT = 1;

  @Param({"64-64/64", "256-256/256", "400-300/64"})
  public String shape;

  @Param({"ddpg", "td3"})
  public String algo;

  @Param({"vector", "scalar"})
  public String kernels;

  @Param({"f64", "f32"})
  public String precision;

  private Learner learner;
  private ReplayBuffer replay;

  @Setup(Level.Trial)
  public void setUp() {
    String[] hb = shape.split("/");
    int[] hidden = Shapes.sizes(hb[0]);
    LearnerOptions opt =
        LearnerOptions.defaults(algo.equals("ddpg") ? Algorithm.DDPG : Algorithm.TD3);
    opt.actorHidden = hidden;
    opt.criticHidden = hidden.clone();
    opt.batchSize = Integer.parseInt(hb[1]);
    opt.replayCapacity = 10_000;
    opt.precision = dev.reflex.network.Precision.parse(precision);
    DenseKernels k = kernels.equals("vector") ? DenseKernels.best() : DenseKernels.scalar();
    if (kernels.equals("vector") && k == DenseKernels.scalar()) {
      throw new IllegalStateException("vector kernels unavailable in the benchmark JVM");
    }
    learner = new Learner(opt, OBS, ACT, 11, k);
    replay = new ReplayBuffer(opt.replayCapacity, OBS, ACT);
    SplittableRandom rng = new SplittableRandom(5);
    double[] o = new double[OBS];
    double[] a = new double[ACT];
    double[] o2 = new double[OBS];
    for (int t = 0; t < opt.replayCapacity; t++) {
      for (int i = 0; i < OBS; i++) {
        o[i] = rng.nextDouble(-1, 1);
        o2[i] = rng.nextDouble(-1, 1);
      }
      a[0] = rng.nextDouble(-1, 1);
      replay.add(o, a, rng.nextDouble(-16, 0), o2, false, t % 200 == 199);
    }
  }

  @Benchmark
  public Learner update() {
    learner.update(replay);
    return learner;
  }
}
