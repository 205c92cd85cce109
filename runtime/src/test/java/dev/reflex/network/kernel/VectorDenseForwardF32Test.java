package dev.reflex.network.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.network.Activation;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vector kernel against the plain-Java one (tests run with the vector module). */
class VectorDenseForwardF32Test {
  private final DenseForwardF32 vector = DenseForwardF32.best();
  private final DenseForwardF32 scalar = DenseForwardF32.scalar();

  /** Widths around every tile edge for 4, 8 and 16 lanes (vector, 4-vector panel). */
  private static final int[] WIDTHS = {
    1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 67, 300
  };

  @Test
  void shouldBeTheVectorKernelWhenTheModuleIsPresent() {
    assertTrue(vector.name().startsWith("vector-"), vector.name());
    assertEquals("scalar", scalar.name());
  }

  @Test
  void shouldAgreeWithTheScalarKernelOnAwkwardWidthsForEveryActivation() {
    Random rnd = new Random(5);
    for (int in : WIDTHS) {
      for (int out : WIDTHS) {
        double[] w = new double[in * out];
        for (int i = 0; i < w.length; i++) {
          w[i] = rnd.nextGaussian() / Math.sqrt(in);
        }
        float[] b = new float[out];
        for (int o = 0; o < out; o++) {
          b[o] = (float) rnd.nextGaussian();
        }
        float[] x = new float[in];
        for (int i = 0; i < in; i++) {
          x[i] = (float) rnd.nextGaussian();
        }
        float[] pv = new float[vector.packedLength(in, out)];
        float[] ps = new float[scalar.packedLength(in, out)];
        vector.pack(w, in, out, pv);
        scalar.pack(w, in, out, ps);
        for (Activation act : Activation.values()) {
          float[] yv = new float[out];
          float[] ys = new float[out];
          vector.forward(pv, b, in, out, act, x, yv);
          scalar.forward(ps, b, in, out, act, x, ys);
          for (int o = 0; o < out; o++) {
            assertEquals(ys[o], yv[o], 2e-5f * (1 + Math.abs(ys[o])), in + "->" + out + " " + act);
          }
        }
      }
    }
  }

  @Test
  void shouldUnpackWhatItPackedAndRoundDoublesToFloat() {
    Random rnd = new Random(6);
    for (int in : WIDTHS) {
      for (int out : new int[] {1, 7, 16, 17, 65}) {
        double[] w = new double[in * out];
        float[] expected = new float[in * out];
        for (int i = 0; i < w.length; i++) {
          w[i] = rnd.nextGaussian();
          expected[i] = (float) w[i];
        }
        float[] packed = new float[vector.packedLength(in, out)];
        vector.pack(w, in, out, packed);
        float[] back = new float[in * out];
        vector.unpack(packed, in, out, back);
        assertArrayEquals(expected, back, in + "->" + out);

        float[] fromFloats = new float[packed.length];
        vector.pack(expected, in, out, fromFloats);
        assertArrayEquals(packed, fromFloats, in + "->" + out);
      }
    }
  }

  @Test
  void shouldWriteOnlyTheOutputsOfAnExactLengthBuffer() {
    int in = 5;
    int out = 19; // a partial last vector at every width
    float[] packed = new float[vector.packedLength(in, out)];
    double[] w = new double[in * out];
    java.util.Arrays.fill(w, 0.5);
    vector.pack(w, in, out, packed);
    float[] bias = new float[out];
    float[] y = new float[out + 1];
    y[out] = 42f;

    vector.forward(packed, bias, in, out, Activation.IDENTITY, new float[] {1, 1, 1, 1, 1}, y);

    assertEquals(2.5f, y[out - 1]);
    assertEquals(42f, y[out]);
  }
}
