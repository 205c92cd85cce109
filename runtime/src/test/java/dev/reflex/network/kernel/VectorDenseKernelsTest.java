package dev.reflex.network.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.testing.Allocations;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorDenseKernelsTest {
  private final DenseKernels vector = VectorDenseKernels.INSTANCE;

  @Test
  void shouldAgreeWithScalarReferenceOnAwkwardShapesAndBatches() {
    long seed = 1;
    for (int n : KernelAgreement.BATCHES) {
      for (int in : KernelAgreement.SIZES) {
        for (int out : KernelAgreement.SIZES) {
          double e = KernelAgreement.maxRelativeError(vector, n, in, out, seed++);
          assertTrue(e < 1e-13, "n=" + n + " in=" + in + " out=" + out + " relative error " + e);
        }
      }
    }
  }

  @Test
  void shouldBeChosenAsBestWhenTheVectorModuleIsPresent() {
    assertTrue(DenseKernelsProvider.vectorModulePresent(), "tests run with the vector module");
    assertEquals(vector, DenseKernels.best());
    assertEquals("vector-" + VectorDenseKernels.lanes() * 64 + "bit", vector.name());
  }

  @Test
  void shouldWriteOnlyTheOutputRowsOfTheBatch() {
    SplittableRandom rng = new SplittableRandom(3);
    int n = 7;
    int in = 17;
    int out = 65;
    double[] x = KernelAgreement.random(n * in, rng);
    double[] w = KernelAgreement.random(out * in, rng);
    double[] b = KernelAgreement.random(out, rng);
    double[] y = new double[(n + 1) * out];
    y[n * out] = 42;
    vector.forward(x, w, b, y, n, in, out);
    assertEquals(42, y[n * out]);
    double[] dx = new double[(n + 1) * in];
    dx[n * in] = 43;
    vector.inputGrad(KernelAgreement.random(n * out, rng), w, dx, n, in, out);
    assertEquals(43, dx[n * in]);
  }

  @Test
  void shouldNotAllocatePerCall() {
    SplittableRandom rng = new SplittableRandom(4);
    int n = 64;
    int in = 63;
    int out = 65;
    double[] x = KernelAgreement.random(n * in, rng);
    double[] w = KernelAgreement.random(out * in, rng);
    double[] b = KernelAgreement.random(out, rng);
    double[] y = new double[n * out];
    double[] dy = KernelAgreement.random(n * out, rng);
    double[] gw = new double[out * in];
    double[] gb = new double[out];
    double[] dx = new double[n * in];
    long bytes =
        Allocations.measure(
            2000,
            100,
            () -> {
              vector.forward(x, w, b, y, n, in, out);
              vector.forward(x, w, b, y, 1, in, out);
              vector.forward(x, w, b, y, 7, 17, 63);
              vector.weightGrad(dy, x, gw, gb, n, in, out);
              vector.inputGrad(dy, w, dx, n, in, out);
              vector.weightGrad(dy, x, gw, gb, n, 3, out); // narrow input: transposed path
              vector.relu(y, dx, n * in);
              vector.reluBackward(y, dx, n * in);
              vector.adamStep(gw, dy, y, dx, n * in, 1, 0, 0.9, 0.999, 1e-9, 1, 1e-8);
            });
    assertEquals(0, bytes, "bytes allocated over 100 calls");
  }

  /** Values with every sign, zeros of both signs, NaN and infinities, at a length with a tail. */
  private static double[] awkward(int length, SplittableRandom rng) {
    double[] a = KernelAgreement.random(length, rng);
    double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (int i = 0; i < special.length; i++) {
      a[i * 7 % length] = special[i];
    }
    return a;
  }

  @Test
  void shouldComputeReluAndItsBackwardBitForBitLikeTheScalarKernels() {
    DenseKernels scalar = DenseKernels.scalar();
    SplittableRandom rng = new SplittableRandom(8);
    for (int count : new int[] {1, 5, 16, 63, 4099}) {
      double[] z = awkward(count, rng);
      double[] g = KernelAgreement.random(count, rng);
      double[] av = new double[count];
      double[] as = new double[count];
      vector.relu(z, av, count);
      scalar.relu(z, as, count);
      assertArrayEquals(as, av, "relu, count " + count); // compares bits (+0 vs -0, NaN)
      double[] gv = g.clone();
      double[] gs = g.clone();
      vector.reluBackward(z, gv, count);
      scalar.reluBackward(z, gs, count);
      assertArrayEquals(gs, gv, "relu backward, count " + count);
    }
  }

  @Test
  void shouldTakeAnAdamStepBitForBitLikeTheScalarKernels() {
    DenseKernels scalar = DenseKernels.scalar();
    SplittableRandom rng = new SplittableRandom(9);
    for (int count : new int[] {1, 7, 64, 4161}) {
      double[] p = KernelAgreement.random(count, rng);
      double[] g = KernelAgreement.random(count, rng);
      double[] m = KernelAgreement.random(count, rng);
      double[] v = KernelAgreement.random(count, rng);
      for (int i = 0; i < count; i++) {
        v[i] = Math.abs(v[i]);
      }
      double[] ps = p.clone();
      double[] ms = m.clone();
      double[] vs = v.clone();
      for (int step = 0; step < 3; step++) {
        vector.adamStep(p, g, m, v, count, 0.7, 1e-2, 0.9, 0.999, 1e-3 / 0.1, 0.0447, 1e-8);
        scalar.adamStep(ps, g, ms, vs, count, 0.7, 1e-2, 0.9, 0.999, 1e-3 / 0.1, 0.0447, 1e-8);
      }
      assertArrayEquals(ps, p, "parameters, count " + count);
      assertArrayEquals(ms, m, "first moments, count " + count);
      assertArrayEquals(vs, v, "second moments, count " + count);
    }
  }

  /** The single-row forward's exact order: per-lane fused chains, lanes summed left to right. */
  private static double fixedOrderRow(double[] x, double[] w, double b, int o, int in) {
    int v = VectorDenseKernels.lanes();
    int kv = in - in % v;
    double[] acc = new double[v];
    for (int k = 0; k < kv; k += v) {
      for (int l = 0; l < v; l++) {
        acc[l] = Math.fma(x[k + l], w[o * in + k + l], acc[l]);
      }
    }
    double s = 0;
    for (int l = 0; l < v; l++) {
      s += acc[l];
    }
    double t = b + s;
    for (int k = kv; k < in; k++) {
      t += x[k] * w[o * in + k];
    }
    return t;
  }

  @Test
  void shouldGiveTheSameBitsForASingleRowBeforeAndAfterTheJitCompilesIt() {
    SplittableRandom rng = new SplittableRandom(10);
    int in = 67;
    int out = 7;
    double[] x = KernelAgreement.random(in, rng);
    double[] w = KernelAgreement.random(out * in, rng);
    double[] b = KernelAgreement.random(out, rng);
    double[] expected = new double[out];
    for (int o = 0; o < out; o++) {
      expected[o] = fixedOrderRow(x, w, b[o], o, in);
    }
    double[] y = new double[out];
    for (int call = 0; call < 30_000; call++) {
      vector.forward(x, w, b, y, 1, in, out);
      if (call == 0 || call == 29_999) {
        assertArrayEquals(expected, y, "call " + call);
      }
    }
  }
}
