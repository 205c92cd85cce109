package dev.reflex.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.format.ActorFile;
import dev.reflex.format.ActorScaling;
import dev.reflex.network.Activation;
import dev.reflex.network.kernel.DenseForwardF32;
import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every behaviour with both kernels: the plain-Java one and the one {@link DenseForwardF32#best()}
 * picks.
 */
class CompactActorTest {
  private static final Activation RELU = Activation.RELU;
  private static final Activation TANH = Activation.TANH;
  private static final Activation IDENTITY = Activation.IDENTITY;

  static Stream<DenseForwardF32> kernels() {
    return Stream.of(DenseForwardF32.scalar(), DenseForwardF32.best());
  }

  /** Straightforward double-precision forward of the file's (float) weights. */
  static double[] reference(ActorFile a, double[] obs) {
    ActorScaling s = a.scaling();
    double[] x = new double[a.observationSize()];
    for (int i = 0; i < x.length; i++) {
      double z = (obs[i] - s.obsMean()[i]) / s.obsStd()[i];
      x[i] = Math.max(-s.obsClip(), Math.min(s.obsClip(), z));
    }
    int[] sizes = a.layerSizes();
    for (int k = 0; k < a.layerCount(); k++) {
      float[] w = a.weights(k);
      float[] b = a.biases(k);
      double[] y = new double[sizes[k + 1]];
      for (int o = 0; o < y.length; o++) {
        double sum = b[o];
        for (int i = 0; i < sizes[k]; i++) {
          sum += (double) w[o * sizes[k] + i] * x[i];
        }
        y[o] = a.activation(k).apply(sum);
      }
      x = y;
    }
    double[] action = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      double lo = s.actionLow()[j];
      double hi = s.actionHigh()[j];
      action[j] = Math.max(lo, Math.min(hi, lo + (x[j] + 1) * (hi - lo) / 2));
    }
    return action;
  }

  /** Random actor, weights scaled by 1/sqrt(in) so activations stay O(1). */
  static ActorFile randomActor(Random rnd, int[] sizes, Activation[] acts) {
    int n = sizes.length - 1;
    double[][] w = new double[n][];
    double[][] b = new double[n][];
    for (int k = 0; k < n; k++) {
      double scale = 1.5 / Math.sqrt(sizes[k]);
      w[k] = new double[sizes[k] * sizes[k + 1]];
      for (int i = 0; i < w[k].length; i++) {
        w[k][i] = rnd.nextGaussian() * scale;
      }
      b[k] = new double[sizes[k + 1]];
      for (int i = 0; i < b[k].length; i++) {
        b[k][i] = rnd.nextGaussian() * 0.1;
      }
    }
    int in = sizes[0];
    int out = sizes[n];
    double[] mean = new double[in];
    double[] std = new double[in];
    for (int i = 0; i < in; i++) {
      mean[i] = rnd.nextGaussian() * 3;
      std[i] = 0.5 + rnd.nextDouble() * 4;
    }
    double[] low = new double[out];
    double[] high = new double[out];
    for (int j = 0; j < out; j++) {
      low[j] = -1 - rnd.nextDouble() * 10;
      high[j] = low[j] + 0.1 + rnd.nextDouble() * 20;
    }
    return ActorFile.fromDoubleLayers(
        sizes, w, b, acts, new ActorScaling(mean, std, 3.0, low, high));
  }

  private static double[] randomObservation(Random rnd, ActorFile a) {
    double[] obs = new double[a.observationSize()];
    double[] mean = a.scaling().obsMean();
    double[] std = a.scaling().obsStd();
    for (int i = 0; i < obs.length; i++) {
      obs[i] = mean[i] + std[i] * rnd.nextGaussian() * 2; // some beyond the clip of 3 std
    }
    return obs;
  }

  private static void assertClose(ActorFile a, double[] expected, double[] actual, String what) {
    double[] lo = a.scaling().actionLow();
    double[] hi = a.scaling().actionHigh();
    for (int j = 0; j < expected.length; j++) {
      double tol = 2e-5 * (hi[j] - lo[j]);
      assertEquals(expected[j], actual[j], tol, what + " action " + j);
      assertTrue(actual[j] >= lo[j] && actual[j] <= hi[j], what + " within bounds");
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void shouldMatchADoublePrecisionReferenceOnRandomShapes(DenseForwardF32 kernel) {
    int[][] shapes = {
      {1, 1},
      {3, 1},
      {1, 300, 3},
      {3, 17, 1},
      {17, 63, 65, 3},
      {63, 300, 1},
      {300, 65, 63, 17},
      {65, 1, 300, 63},
    };
    Activation[] kinds = Activation.values();
    Random rnd = new Random(42);
    for (int[] shape : shapes) {
      int layers = shape.length - 1;
      Activation[] acts = new Activation[layers];
      for (int k = 0; k < layers; k++) {
        acts[k] = kinds[rnd.nextInt(kinds.length)];
      }
      acts[layers - 1] = rnd.nextBoolean() ? TANH : IDENTITY;
      ActorFile a = randomActor(rnd, shape, acts);
      CompactActor actor = new CompactActor(a, kernel);
      double[] action = new double[a.actionSize()];
      for (int n = 0; n < 20; n++) {
        double[] obs = randomObservation(rnd, a);
        actor.act(obs, action);
        assertClose(a, reference(a, obs), action, java.util.Arrays.toString(shape));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void shouldScaleTheOutputToTheBoundsAndClampAnIdentityOutput(DenseForwardF32 kernel) {
    ActorScaling bounds =
        new ActorScaling(
            new double[] {0}, new double[] {1}, 100, new double[] {0}, new double[] {10});
    ActorFile identity =
        ActorFile.fromDoubleLayers(
            new int[] {1, 1},
            new double[][] {{1}},
            new double[][] {{0}},
            new Activation[] {IDENTITY},
            bounds);
    CompactActor id = new CompactActor(identity, kernel);
    CompactActor tanh = new CompactActor(identity.withActivations(TANH), kernel);
    double[] a = new double[1];

    id.act(new double[] {0}, a);
    assertEquals(5.0, a[0], 1e-6);
    id.act(new double[] {0.5}, a);
    assertEquals(7.5, a[0], 1e-6);
    id.act(new double[] {3}, a);
    assertEquals(10.0, a[0]);
    id.act(new double[] {-3}, a);
    assertEquals(0.0, a[0]);
    tanh.act(new double[] {0.5 * Math.log(3)}, a); // tanh = 0.5
    assertEquals(7.5, a[0], 1e-5);
    tanh.act(new double[] {50}, a);
    assertEquals(10.0, a[0]);
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void shouldNormaliseAndClipTheObservation(DenseForwardF32 kernel) {
    ActorScaling s =
        new ActorScaling(
            new double[] {2}, new double[] {4}, 0.5, new double[] {-10}, new double[] {10});
    CompactActor actor =
        new CompactActor(
            ActorFile.fromDoubleLayers(
                new int[] {1, 1},
                new double[][] {{1}},
                new double[][] {{0}},
                new Activation[] {IDENTITY},
                s),
            kernel);
    double[] a = new double[1];

    actor.act(new double[] {3}, a); // z = 0.25, action = 10 z
    assertEquals(2.5, a[0], 1e-6);
    actor.act(new double[] {100}, a); // z clipped to 0.5
    assertEquals(5.0, a[0], 1e-6);
    actor.act(new double[] {-100}, a);
    assertEquals(-5.0, a[0], 1e-6);
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void shouldUseSwappedWeightsFromTheNextCallAndLeaveTheOldBufferAlone(DenseForwardF32 kernel) {
    Random rnd = new Random(7);
    int[] sizes = {5, 64, 64, 2};
    Activation[] acts = {RELU, RELU, TANH};
    ActorFile first = randomActor(rnd, sizes, acts);
    ActorFile second = randomActor(rnd, sizes, acts).withScaling(first.scaling());
    CompactActor actor = new CompactActor(first, kernel);
    ActorWeights original = actor.weights();
    ActorWeights idle = actor.newWeights();
    double[][] w = new double[3][];
    double[][] b = new double[3][];
    for (int k = 0; k < 3; k++) {
      w[k] = toDoubles(second.weights(k));
      b[k] = toDoubles(second.biases(k));
    }
    double[] obs = randomObservation(rnd, first);
    double[] action = new double[2];

    idle.copyFrom(w, b);
    actor.act(obs, action);
    assertClose(first, reference(first, obs), action, "before the swap");
    actor.setWeights(idle);
    actor.act(obs, action);

    assertClose(second, reference(second, obs), action, "after the swap");
    assertArrayEquals(first.weights(1), original.weights(1));
    assertEquals(idle, actor.weights());
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void shouldRejectWeightsOfAnotherLayout(DenseForwardF32 kernel) {
    Random rnd = new Random(8);
    CompactActor actor =
        new CompactActor(
            randomActor(rnd, new int[] {3, 4, 1}, new Activation[] {RELU, TANH}), kernel);
    ActorWeights other = new ActorWeights(new int[] {3, 5, 1}, actor.kernel());
    assertThrows(IllegalArgumentException.class, () -> actor.setWeights(other));
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void shouldNotAllocateWhenActingOrSwappingWeights(DenseForwardF32 kernel) {
    Random rnd = new Random(9);
    ActorFile file =
        randomActor(rnd, new int[] {3, 64, 64, 1}, new Activation[] {RELU, RELU, TANH});
    CompactActor actor = new CompactActor(file, kernel);
    ActorWeights a = actor.weights();
    ActorWeights b = actor.newWeights();
    double[][] w = {new double[3 * 64], new double[64 * 64], new double[64]};
    double[][] bias = {new double[64], new double[64], new double[1]};
    double[] obs = {0.1, -0.2, 0.3};
    double[] action = new double[1];
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
    Runnable tick =
        new Runnable() {
          int n;

          @Override
          public void run() {
            obs[0] = (n % 100) * 0.01;
            actor.act(obs, action);
            if (++n % 1000 == 0) { // a learner publish: refill the idle buffer and swap
              ActorWeights idle = actor.weights() == a ? b : a;
              idle.copyFrom(w, bias);
              actor.setWeights(idle);
            }
          }
        };
    // Measured in a window the JIT did not disturb: one that overlaps a deoptimisation and
    // recompilation (common when other tests trained the same call sites first) runs the kernel
    // uncompiled, where Vector API values are heap objects.
    long allocated = dev.reflex.testing.Allocations.measure(50_000, 20_000, tick);

    assertEquals(0, allocated, "bytes allocated over 20,000 ticks");
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void shouldNotAllocateWithEluLeakyReluAndSigmoidLayers(DenseForwardF32 kernel) {
    Random rnd = new Random(10);
    Activation[] acts = {Activation.ELU, Activation.LEAKY_RELU, Activation.SIGMOID, IDENTITY};
    CompactActor actor =
        new CompactActor(randomActor(rnd, new int[] {48, 128, 64, 32, 12}, acts), kernel);
    double[] obs = new double[48];
    double[] action = new double[12];
    Runnable tick =
        new Runnable() {
          int n;

          @Override
          public void run() {
            obs[n % 48] = (n % 100) * 0.01 - 0.5;
            n++;
            actor.act(obs, action);
          }
        };
    long allocated = dev.reflex.testing.Allocations.measure(50_000, 20_000, tick);

    assertEquals(0, allocated, "bytes allocated over 20,000 ticks");
  }

  private static double[] toDoubles(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }
}
