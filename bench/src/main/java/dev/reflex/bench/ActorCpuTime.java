package dev.reflex.bench;

import com.sun.management.ThreadMXBean;
import dev.reflex.format.ActorFile;
import dev.reflex.format.ActorScaling;
import dev.reflex.network.Activation;
import dev.reflex.network.kernel.DenseForwardF32;
import dev.reflex.policy.CompactActor;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

/**
 * {@link CompactActor#act} (the control loop's float32 policy path) timed by the thread's CPU time
 * beside the wall clock, for a shared machine: JMH's {@code avgt} is wall time, which on an
 * oversubscribed core counts the time the thread waited for the core; the CPU time does not (it
 * still pays for the caches the other processes evict). Same actor as {@link ActorForwardBench}
 * (seeded uniform weights, ReLU hidden layers, tanh output). Prints one line per round; the last
 * rounds are the warmed-up figures.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar
 * dev.reflex.bench.ActorCpuTime 3-64-64-1 [secondsPerRound=1] [rounds=6] [vector|scalar]}.
 */
public final class ActorCpuTime {
  private ActorCpuTime() {}

  public static void main(String[] args) {
    String shape = args[0];
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    boolean scalar = args.length > 3 && args[3].equals("scalar");
    int[] sizes = Shapes.sizes(shape);
    int n = sizes.length - 1;
    SplittableRandom rng = new SplittableRandom(7);
    float[][] w = new float[n][];
    float[][] b = new float[n][];
    Activation[] kinds = new Activation[n];
    for (int l = 0; l < n; l++) {
      w[l] = Shapes.uniform(sizes[l] * sizes[l + 1], sizes[l], rng);
      b[l] = Shapes.uniform(sizes[l + 1], sizes[l], rng);
      kinds[l] = l == n - 1 ? Activation.TANH : Activation.RELU;
    }
    DenseForwardF32 kernel = scalar ? DenseForwardF32.scalar() : DenseForwardF32.best();
    CompactActor actor =
        new CompactActor(
            ActorFile.fromFloatLayers(
                sizes, w, b, kinds, ActorScaling.identity(sizes[0], sizes[n])),
            kernel);
    float[] obs = Shapes.uniform(sizes[0], 1, rng);
    double[] observation = new double[sizes[0]];
    for (int i = 0; i < obs.length; i++) {
      observation[i] = obs[i];
    }
    double[] action = new double[sizes[n]];
    ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    System.out.println("kernel=" + kernel.name() + " " + shape);
    double sink = 0;
    for (int round = 0; round < rounds; round++) {
      long t0 = System.nanoTime();
      long c0 = mx.getCurrentThreadCpuTime();
      long b0 = mx.getCurrentThreadAllocatedBytes();
      long calls = 0;
      while (System.nanoTime() - t0 < seconds * 1e9) {
        for (int i = 0; i < 1000; i++) {
          actor.act(observation, action);
          sink += action[0];
        }
        calls += 1000;
      }
      long t1 = System.nanoTime();
      System.out.printf(
          "round %d: wall %.3f us/call, cpu %.3f us/call, %d B over %d calls%n",
          round,
          (t1 - t0) / 1e3 / calls,
          (mx.getCurrentThreadCpuTime() - c0) / 1e3 / calls,
          mx.getCurrentThreadAllocatedBytes() - b0,
          calls);
    }
    if (sink == 42) {
      System.out.println();
    }
  }
}
