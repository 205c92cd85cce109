package dev.reflex.network.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.testing.Allocations;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorDenseLayerF32Test {
  private final DenseLayerF32.Factory vector = VectorDenseLayerF32.FACTORY;

  @Test
  void shouldAgreeWithDoubleReferenceOnAwkwardShapesAndBatches() {
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
    vector.create(w, b, in, out).forward(x, 0, got, 0);
    DenseLayerF32.scalar().create(w, b, in, out).forward(x, 0, want, 0);
    assertArrayEquals(want, got, 1e-4f);
  }

  @Test
  void shouldUseNewWeightsAfterSetWeights() {
    SplittableRandom rng = new SplittableRandom(12);
    int in = 17;
    int out = 63;
    DenseLayerF32 layer =
        vector.create(
            KernelAgreement.toFloat(KernelAgreement.random(in * out, rng)),
            new float[out],
            in,
            out);
    float[] w2 = KernelAgreement.toFloat(KernelAgreement.random(in * out, rng));
    float[] b2 = KernelAgreement.toFloat(KernelAgreement.random(out, rng));
    layer.setWeights(w2, b2);
    float[] x = KernelAgreement.toFloat(KernelAgreement.random(in, rng));
    float[] got = new float[out];
    float[] want = new float[out];
    layer.forward(x, 0, got, 0);
    DenseLayerF32.scalar().create(w2, b2, in, out).forward(x, 0, want, 0);
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
  void shouldRejectMismatchedShapesNamingTheSizes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> vector.create(new float[10], new float[3], 4, 3));
    assertTrue(e.getMessage().contains("12 weights"), e.getMessage());
  }

  @Test
  void shouldBeChosenAsBestWhenTheVectorModuleIsPresent() {
    assertEquals(vector, DenseLayerF32.best());
  }

  @Test
  void shouldNotAllocatePerCall() {
    SplittableRandom rng = new SplittableRandom(13);
    DenseLayerF32[] layers = {
      layer(3, 256, rng), layer(256, 300, rng), layer(300, 6, rng), layer(17, 1, rng)
    };
    float[] x = KernelAgreement.toFloat(KernelAgreement.random(64 * 300, rng));
    float[] y = new float[64 * 300];
    // 12,000 warm-up calls: at 5,000 the body itself reached C2's threshold (Tier4Invocation-
    // Threshold) right at the first window, whose 192 bytes then sometimes counted as quiet.
    long bytes =
        Allocations.measure(
            12_000,
            200,
            () -> {
              for (DenseLayerF32 l : layers) {
                l.forward(x, 0, y, 0);
                l.forwardBatch(x, y, 7);
              }
            });
    assertEquals(0, bytes, "bytes allocated over 200 calls");
  }

  private static DenseLayerF32 layer(int in, int out, SplittableRandom rng) {
    return VectorDenseLayerF32.FACTORY.create(
        KernelAgreement.toFloat(KernelAgreement.random(in * out, rng)),
        KernelAgreement.toFloat(KernelAgreement.random(out, rng)),
        in,
        out);
  }
}
