package dev.reflex.bench;

import com.sun.management.ThreadMXBean;
import dev.reflex.learning.Algorithm;
import dev.reflex.learning.Learner;
import dev.reflex.learning.LearnerOptions;
import dev.reflex.learning.ReplayBuffer;
import dev.reflex.network.kernel.DenseKernels;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

/**
 * {@link Learner#update} timed by the thread's CPU time as well as the wall clock, for a shared
 * machine: under load the wall time counts the time the thread waited for a core, the CPU time does
 * not (it still pays for caches shared with the other processes). Same set-up as {@link
 * LearnerUpdateBench}. Prints one line per round; the last rounds are the warmed-up figures.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar
 * dev.reflex.bench.UpdateCpuTime td3 64 64 [secondsPerRound=2] [rounds=8] [f64|f32]} (algorithm,
 * hidden width of both layers, batch, precision).
 */
public final class UpdateCpuTime {
  private UpdateCpuTime() {}

  public static void main(String[] args) {
    String algo = args[0];
    int hidden = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 2;
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 8;
    dev.reflex.network.Precision precision =
        dev.reflex.network.Precision.parse(args.length > 5 ? args[5] : "f64");
    LearnerOptions opt =
        LearnerOptions.defaults(algo.equals("ddpg") ? Algorithm.DDPG : Algorithm.TD3);
    opt.actorHidden = new int[] {hidden, hidden};
    opt.criticHidden = new int[] {hidden, hidden};
    opt.batchSize = batch;
    opt.replayCapacity = 10_000;
    opt.precision = precision;
    int obs = LearnerUpdateBench.OBS;
    int act = LearnerUpdateBench.ACT;
    Learner learner = new Learner(opt, obs, act, 11, DenseKernels.best());
    // As the trainer: a float32 learner samples from a float32 buffer.
    ReplayBuffer replay =
        precision == dev.reflex.network.Precision.F32
            ? ReplayBuffer.float32(opt.replayCapacity, obs, act)
            : new ReplayBuffer(opt.replayCapacity, obs, act);
    SplittableRandom rng = new SplittableRandom(5);
    double[] o = new double[obs];
    double[] a = new double[act];
    double[] o2 = new double[obs];
    for (int t = 0; t < opt.replayCapacity; t++) {
      for (int i = 0; i < obs; i++) {
        o[i] = rng.nextDouble(-1, 1);
        o2[i] = rng.nextDouble(-1, 1);
      }
      a[0] = rng.nextDouble(-1, 1);
      replay.add(o, a, rng.nextDouble(-16, 0), o2, false, t % 200 == 199);
    }
    ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    System.out.println(
        "kernels="
            + DenseKernels.best().name()
            + " precision="
            + precision.id()
            + " "
            + algo
            + " "
            + hidden
            + "/"
            + batch);
    for (int round = 0; round < rounds; round++) {
      long t0 = System.nanoTime();
      long c0 = mx.getCurrentThreadCpuTime();
      long b0 = mx.getCurrentThreadAllocatedBytes();
      int n = 0;
      while (System.nanoTime() - t0 < seconds * 1e9) {
        learner.update(replay);
        n++;
      }
      long t1 = System.nanoTime();
      System.out.printf(
          "round %d: wall %.1f us/update, cpu %.1f us/update, %.1f B/update, %d updates%n",
          round,
          (t1 - t0) / 1e3 / n,
          (mx.getCurrentThreadCpuTime() - c0) / 1e3 / n,
          (mx.getCurrentThreadAllocatedBytes() - b0) / (double) n,
          n);
    }
  }
}
