package dev.reflex.network.kernel;

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
            });
    assertEquals(0, bytes, "bytes allocated over 100 calls");
  }
}
