package dev.reflex.bench;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The single-core peak the kernels are measured against: independent FMA chains on the preferred
 * vector width (12 accumulators, enough to cover the FMA latency on two pipes), float32 and double.
 * Prints {@code peak.f32.gflops=…} and {@code peak.f64.gflops=…}, best of several runs.
 */
public final class PeakFlops {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

  private PeakFlops() {}

  public static void main(String[] args) {
    long iters = 20_000_000;
    double bestF = 0;
    double bestD = 0;
    float sinkF = 0;
    double sinkD = 0;
    // Thread CPU time as well: on a shared machine the wall clock counts the waits for a core.
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    double bestFcpu = 0;
    double bestDcpu = 0;
    for (int run = 0; run < 8; run++) {
      long c0 = mx.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      sinkF += floats(iters);
      long t1 = System.nanoTime();
      long c1 = mx.getCurrentThreadCpuTime();
      sinkD += doubles(iters);
      long t2 = System.nanoTime();
      long c2 = mx.getCurrentThreadCpuTime();
      bestF = Math.max(bestF, 2.0 * 12 * F.length() * iters / (t1 - t0));
      bestD = Math.max(bestD, 2.0 * 12 * D.length() * iters / (t2 - t1));
      bestFcpu = Math.max(bestFcpu, 2.0 * 12 * F.length() * iters / (c1 - c0));
      bestDcpu = Math.max(bestDcpu, 2.0 * 12 * D.length() * iters / (c2 - c1));
    }
    System.out.printf("peak.f32.gflops=%.1f%n", bestF);
    System.out.printf("peak.f64.gflops=%.1f%n", bestD);
    System.out.printf("peak.f32.gflops.cpu_time=%.1f%n", bestFcpu);
    System.out.printf("peak.f64.gflops.cpu_time=%.1f%n", bestDcpu);
    System.out.printf("vector.bits=%d%n", F.vectorBitSize());
    System.out.println("sink=" + (sinkF + sinkD));
  }

  private static float floats(long iters) {
    FloatVector m = FloatVector.broadcast(F, 0.999999f);
    FloatVector c = FloatVector.broadcast(F, 1e-7f);
    FloatVector a0 = FloatVector.broadcast(F, 1f);
    FloatVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
    FloatVector a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
    for (long i = 0; i < iters; i++) {
      a0 = a0.fma(m, c);
      a1 = a1.fma(m, c);
      a2 = a2.fma(m, c);
      a3 = a3.fma(m, c);
      a4 = a4.fma(m, c);
      a5 = a5.fma(m, c);
      a6 = a6.fma(m, c);
      a7 = a7.fma(m, c);
      a8 = a8.fma(m, c);
      a9 = a9.fma(m, c);
      a10 = a10.fma(m, c);
      a11 = a11.fma(m, c);
    }
    return a0.add(a1)
        .add(a2)
        .add(a3)
        .add(a4)
        .add(a5)
        .add(a6)
        .add(a7)
        .add(a8)
        .add(a9)
        .add(a10)
        .add(a11)
        .lane(0);
  }

  private static double doubles(long iters) {
    DoubleVector m = DoubleVector.broadcast(D, 0.999999);
    DoubleVector c = DoubleVector.broadcast(D, 1e-7);
    DoubleVector a0 = DoubleVector.broadcast(D, 1);
    DoubleVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
    DoubleVector a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
    for (long i = 0; i < iters; i++) {
      a0 = a0.fma(m, c);
      a1 = a1.fma(m, c);
      a2 = a2.fma(m, c);
      a3 = a3.fma(m, c);
      a4 = a4.fma(m, c);
      a5 = a5.fma(m, c);
      a6 = a6.fma(m, c);
      a7 = a7.fma(m, c);
      a8 = a8.fma(m, c);
      a9 = a9.fma(m, c);
      a10 = a10.fma(m, c);
      a11 = a11.fma(m, c);
    }
    return a0.add(a1)
        .add(a2)
        .add(a3)
        .add(a4)
        .add(a5)
        .add(a6)
        .add(a7)
        .add(a8)
        .add(a9)
        .add(a10)
        .add(a11)
        .lane(0);
  }
}
