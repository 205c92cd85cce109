package dev.reflex.bench;

import dev.reflex.format.ActorFile;
import dev.reflex.format.ActorScaling;
import dev.reflex.network.Activation;
import dev.reflex.network.kernel.DenseForwardF32;
import dev.reflex.policy.CompactActor;
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
 * Single-observation float32 actor forward (ReLU hidden layers, tanh output): {@link
 * CompactActor#act} as the control loop calls it (normalisation, layers, scaling to the bounds),
 * with the vector and the scalar kernel, against the bare layers on EJML's {@code
 * CommonOps_FDRM.multAdd}, the baseline they replace.
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
  private CompactActor actor;
  private double[] observation;
  private double[] action;
  private FMatrixRMaj[] weights;
  private float[][] biases;
  private FMatrixRMaj[] ejmlActs;
  private float[] obs;

  @Setup(Level.Trial)
  public void setUp() {
    sizes = Shapes.sizes(shape);
    int n = sizes.length - 1;
    SplittableRandom rng = new SplittableRandom(7);
    DenseForwardF32 kernel =
        switch (impl) {
          case "vector" -> DenseForwardF32.best();
          case "scalar", "ejml" -> DenseForwardF32.scalar();
          default -> throw new IllegalArgumentException("impl " + impl);
        };
    if (impl.equals("vector") && kernel.name().equals("scalar")) {
      throw new IllegalStateException("vector kernels unavailable in the benchmark JVM");
    }
    float[][] w = new float[n][];
    float[][] b = new float[n][];
    Activation[] kinds = new Activation[n];
    weights = new FMatrixRMaj[n];
    biases = new float[n][];
    ejmlActs = new FMatrixRMaj[n + 1];
    ejmlActs[0] = new FMatrixRMaj(sizes[0], 1);
    for (int l = 0; l < n; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      w[l] = Shapes.uniform(in * out, in, rng);
      b[l] = Shapes.uniform(out, in, rng);
      kinds[l] = l == n - 1 ? Activation.TANH : Activation.RELU;
      weights[l] = new FMatrixRMaj(out, in, true, w[l]);
      biases[l] = b[l];
      ejmlActs[l + 1] = new FMatrixRMaj(out, 1);
    }
    ActorScaling scaling = ActorScaling.identity(sizes[0], sizes[n]);
    actor = new CompactActor(ActorFile.fromFloatLayers(sizes, w, b, kinds, scaling), kernel);
    obs = Shapes.uniform(sizes[0], 1, rng);
    observation = new double[sizes[0]];
    for (int i = 0; i < obs.length; i++) {
      observation[i] = obs[i];
    }
    action = new double[sizes[n]];
  }

  @Benchmark
  public double forward() {
    if (impl.equals("ejml")) {
      return forwardEjml();
    }
    actor.act(observation, action);
    return action[0];
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
