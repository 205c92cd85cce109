package dev.reflex.bench;

import dev.reflex.network.kernel.DenseLayerF32;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
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
 * Single-observation float32 actor forward (ReLU hidden layers, tanh output): the kernels under the
 * compact actor, scalar and vector, against EJML's {@code CommonOps_FDRM.multAdd}, the baseline
 * they replace.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class ActorForwardBench {
  @Param({"3-64-64-1", "3-256-256-1", "17-400-300-6"})
  public String shape;

  @Param({"vector", "scalar", "ejml"})
  public String impl;

  private int[] sizes;
  private DenseLayerF32[] layers;
  private float[][] acts;
  private FMatrixRMaj[] weights;
  private float[][] biases;
  private FMatrixRMaj[] ejmlActs;
  private float[] obs;

  @Setup(Level.Trial)
  public void setUp() {
    sizes = Shapes.sizes(shape);
    int n = sizes.length - 1;
    SplittableRandom rng = new SplittableRandom(7);
    DenseLayerF32.Factory f =
        switch (impl) {
          case "vector" -> DenseLayerF32.best();
          case "scalar", "ejml" -> DenseLayerF32.scalar();
          default -> throw new IllegalArgumentException("impl " + impl);
        };
    if (impl.equals("vector") && f.name().equals("scalar")) {
      throw new IllegalStateException("vector kernels unavailable in the benchmark JVM");
    }
    layers = new DenseLayerF32[n];
    acts = new float[n + 1][];
    weights = new FMatrixRMaj[n];
    biases = new float[n][];
    ejmlActs = new FMatrixRMaj[n + 1];
    acts[0] = new float[sizes[0]];
    ejmlActs[0] = new FMatrixRMaj(sizes[0], 1);
    for (int l = 0; l < n; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      float[] w = Shapes.uniform(in * out, in, rng);
      float[] b = Shapes.uniform(out, in, rng);
      layers[l] = f.create(w, b, in, out);
      weights[l] = new FMatrixRMaj(out, in, true, w);
      biases[l] = b;
      acts[l + 1] = new float[out];
      ejmlActs[l + 1] = new FMatrixRMaj(out, 1);
    }
    obs = Shapes.uniform(sizes[0], 1, rng);
  }

  @Benchmark
  public float forward() {
    if (impl.equals("ejml")) {
      return forwardEjml();
    }
    System.arraycopy(obs, 0, acts[0], 0, obs.length);
    int n = layers.length;
    for (int l = 0; l < n; l++) {
      float[] y = acts[l + 1];
      layers[l].forward(acts[l], 0, y, 0);
      activate(y, l == n - 1);
    }
    return acts[n][0];
  }

  private float forwardEjml() {
    System.arraycopy(obs, 0, ejmlActs[0].data, 0, obs.length);
    int n = weights.length;
    for (int l = 0; l < n; l++) {
      FMatrixRMaj y = ejmlActs[l + 1];
      System.arraycopy(biases[l], 0, y.data, 0, biases[l].length);
      CommonOps_FDRM.multAdd(weights[l], ejmlActs[l], y);
      activate(y.data, l == n - 1);
    }
    return ejmlActs[n].data[0];
  }

  private static void activate(float[] y, boolean last) {
    if (last) {
      for (int k = 0; k < y.length; k++) {
        y[k] = (float) Math.tanh(y[k]);
      }
    } else {
      for (int k = 0; k < y.length; k++) {
        y[k] = Math.max(0f, y[k]);
      }
    }
  }
}
