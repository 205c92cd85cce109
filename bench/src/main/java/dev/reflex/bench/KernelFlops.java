package dev.reflex.bench;

import com.sun.management.ThreadMXBean;
import dev.reflex.network.Activation;
import dev.reflex.network.kernel.DenseKernelsF32;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

/**
 * GFLOP/s of the float32 training products ({@link DenseKernelsF32}) on the learner's shapes, timed
 * by the thread's CPU time (the machine may be shared): forward with ReLU, weight gradient, input
 * gradient with the ReLU mask, and the ∂Q/∂a columns, 2·n·in·out flops each (the columns: 2·n·out).
 * Compare with {@link PeakFlops}' float32 figure.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar
 * dev.reflex.bench.KernelFlops [secondsPerShape=1]}.
 */
public final class KernelFlops {
  private KernelFlops() {}

  private static final int[][] SHAPES = {
    {256, 4, 256}, {256, 256, 256}, {256, 256, 1}, {64, 4, 64}, {64, 64, 64}, {64, 64, 1}
  };

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1;
    DenseKernelsF32 k = DenseKernelsF32.create();
    ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    SplittableRandom rng = new SplittableRandom(1);
    System.out.println("kernels=" + k.name());
    for (int pass = 0; pass < 2; pass++) {
      for (int[] s : SHAPES) {
        int n = s[0];
        int in = s[1];
        int out = s[2];
        float[] x = fill(n * in, rng);
        float[] wt = fill(in * out, rng);
        float[] w = fill(in * out, rng);
        float[] b = fill(out, rng);
        float[] y = new float[n * out];
        float[] dy = fill(n * out, rng);
        float[] dx = new float[n * in];
        float[] gw = new float[in * out];
        float[] gb = new float[out];
        float[] cols = new float[n];
        String shape = n + "x" + in + "->" + out;
        report(
            pass,
            shape,
            "forward+relu",
            2.0 * n * in * out,
            seconds,
            mx,
            () -> k.forward(x, wt, b, y, n, in, out, Activation.RELU));
        report(
            pass,
            shape,
            "weightGrad",
            2.0 * n * in * out,
            seconds,
            mx,
            () -> k.weightGrad(dy, x, gw, gb, n, in, out));
        report(
            pass,
            shape,
            "inputGrad+mask",
            2.0 * n * in * out,
            seconds,
            mx,
            () -> k.inputGrad(dy, out == 1 ? wt : w, x, Activation.RELU, dx, n, in, out));
        report(
            pass,
            shape,
            "dQ/da column",
            2.0 * n * out,
            seconds,
            mx,
            () -> k.inputGradColumns(dy, wt, cols, n, out, in - 1, 1));
      }
    }
  }

  private static void report(
      int pass,
      String shape,
      String op,
      double flops,
      double seconds,
      ThreadMXBean mx,
      Runnable r) {
    long c0 = mx.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    long calls = 0;
    while (System.nanoTime() - t0 < seconds * 1e9) {
      for (int i = 0; i < 16; i++) {
        r.run();
      }
      calls += 16;
    }
    double cpuS = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
    if (pass == 1) {
      System.out.printf(
          "%-14s %-16s %8.2f us/call  %6.1f GFLOP/s (cpu time)%n",
          shape, op, cpuS / calls * 1e6, flops * calls / cpuS / 1e9);
    }
  }

  private static float[] fill(int n, SplittableRandom rng) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rng.nextDouble(-1, 1);
    }
    return a;
  }
}
