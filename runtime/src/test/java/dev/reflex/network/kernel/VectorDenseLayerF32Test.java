package dev.reflex.network.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.network.Activation;
import dev.reflex.testing.Allocations;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorDenseLayerF32Test {
  private final DenseForwardF32 vector = VectorDenseForwardF32.INSTANCE;

  @Test
  void shouldAgreeWithDoubleReferenceOnAwkwardShapes() {
    long seed = 10;
    for (int n : KernelAgreement.BATCHES) {
      for (int in : KernelAgreement.SIZES) {
        for (int out : KernelAgreement.SIZES) {
          double e = KernelAgreement.maxRelativeErrorF32(vector, n, in, out, seed++);
          assertTrue(e < 1e-5, "n=" + n + " in=" + in + " out=" + out + " relative error " + e);
        }
      }
    }
  }

  @Test
  void shouldAgreeWithScalarFloatLayerClosely() {
    SplittableRandom rng = new SplittableRandom(11);
    int in = 65;
    int out = 300;
    float[] w = KernelAgreement.toFloat(KernelAgreement.random(in * out, rng));
    float[] b = KernelAgreement.toFloat(KernelAgreement.random(out, rng));
    float[] x = KernelAgreement.toFloat(KernelAgreement.random(in, rng));
    float[] got = new float[out];
    float[] want = new float[out];
    forward(vector, w, b, in, out, x, got);
    forward(DenseForwardF32.scalar(), w, b, in, out, x, want);
    assertArrayEquals(want, got, 1e-4f);
  }

  @Test
  void shouldUseNewWeightsAfterRepackingInPlace() {
    SplittableRandom rng = new SplittableRandom(12);
    int in = 17;
    int out = 63;
    float[] packed = new float[VectorDenseLayerF32.packedLength(in, out)];
    VectorDenseLayerF32.pack(
        KernelAgreement.toFloat(KernelAgreement.random(in * out, rng)), in, out, packed);
    float[] w2 = KernelAgreement.toFloat(KernelAgreement.random(in * out, rng));
    float[] b2 = KernelAgreement.toFloat(KernelAgreement.random(out, rng));
    VectorDenseLayerF32.pack(w2, in, out, packed);
    float[] x = KernelAgreement.toFloat(KernelAgreement.random(in, rng));
    float[] got = new float[out];
    float[] want = new float[out];
    VectorDenseLayerF32.forward(packed, b2, in, out, false, x, 0, got, 0);
    forward(DenseForwardF32.scalar(), w2, b2, in, out, x, want);
    assertArrayEquals(want, got, 1e-5f);
  }

  @Test
  void shouldUnpackWhatItPackedForEveryLayout() {
    SplittableRandom rng = new SplittableRandom(14);
    for (int in : KernelAgreement.SIZES) {
      for (int out : KernelAgreement.SIZES) {
        float[] w = KernelAgreement.toFloat(KernelAgreement.random(in * out, rng));
        float[] packed = new float[VectorDenseLayerF32.packedLength(in, out)];
        VectorDenseLayerF32.pack(w, in, out, packed);
        float[] back = new float[in * out];
        VectorDenseLayerF32.unpack(packed, in, out, back);
        assertArrayEquals(w, back, "in=" + in + " out=" + out);
      }
    }
  }

  @Test
  void shouldFuseReluIntoTheStaticForward() {
    SplittableRandom rng = new SplittableRandom(15);
    for (int out : KernelAgreement.SIZES) {
      int in = 17;
      float[] w = KernelAgreement.toFloat(KernelAgreement.random(in * out, rng));
      float[] b = KernelAgreement.toFloat(KernelAgreement.random(out, rng));
      float[] x = KernelAgreement.toFloat(KernelAgreement.random(in, rng));
      float[] packed = new float[VectorDenseLayerF32.packedLength(in, out)];
      VectorDenseLayerF32.pack(w, in, out, packed);
      float[] linear = new float[out];
      float[] relu = new float[out + 1];
      relu[out] = -5f;
      VectorDenseLayerF32.forward(packed, b, in, out, false, x, 0, linear, 0);
      VectorDenseLayerF32.forward(packed, b, in, out, true, x, 0, relu, 0);
      for (int o = 0; o < out; o++) {
        assertEquals(Math.max(0f, linear[o]), relu[o], "out=" + out + " o=" + o);
      }
      assertEquals(-5f, relu[out], "wrote past the output");
    }
  }

  @Test
  void shouldBeChosenAsBestWhenTheVectorModuleIsPresent() {
    assertEquals(vector, DenseForwardF32.best());
  }

  @Test
  void shouldNotAllocatePerCall() {
    SplittableRandom rng = new SplittableRandom(13);
    int[][] shapes = {{3, 256}, {256, 300}, {300, 6}, {17, 1}};
    float[][] packed = new float[shapes.length][];
    float[][] bias = new float[shapes.length][];
    for (int l = 0; l < shapes.length; l++) {
      int in = shapes[l][0];
      int out = shapes[l][1];
      packed[l] = new float[VectorDenseLayerF32.packedLength(in, out)];
      VectorDenseLayerF32.pack(
          KernelAgreement.toFloat(KernelAgreement.random(in * out, rng)), in, out, packed[l]);
      bias[l] = KernelAgreement.toFloat(KernelAgreement.random(out, rng));
    }
    float[] x = KernelAgreement.toFloat(KernelAgreement.random(300, rng));
    float[] y = new float[300];
    // 12,000 warm-up calls: at 5,000 the body itself reached C2's threshold (Tier4Invocation-
    // Threshold) right at the first window, whose 192 bytes then sometimes counted as quiet.
    long bytes =
        Allocations.measure(
            12_000,
            200,
            () -> {
              for (int l = 0; l < shapes.length; l++) {
                int in = shapes[l][0];
                int out = shapes[l][1];
                VectorDenseLayerF32.forward(packed[l], bias[l], in, out, true, x, 0, y, 0);
                vector.forward(packed[l], bias[l], in, out, Activation.TANH, x, y);
              }
            });
    assertEquals(0, bytes, "bytes allocated over 200 calls");
  }

  private static void forward(
      DenseForwardF32 kernel, float[] w, float[] b, int in, int out, float[] x, float[] y) {
    float[] packed = new float[kernel.packedLength(in, out)];
    kernel.pack(w, in, out, packed);
    kernel.forward(packed, b, in, out, Activation.IDENTITY, x, y);
  }
}
