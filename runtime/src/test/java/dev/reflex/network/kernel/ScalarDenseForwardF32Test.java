package dev.reflex.network.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reflex.network.Activation;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScalarDenseForwardF32Test {
  private final DenseForwardF32 kernel = ScalarDenseForwardF32.INSTANCE;

  @Test
  void shouldComputeActivationOfWeightsTimesInputPlusBias() {
    // W = [[1, 2, 3], [-4, 5, -6]], b = [0.5, -1], x = [1, 1, 2]
    float[] packed = new float[kernel.packedLength(3, 2)];
    kernel.pack(new float[] {1, 2, 3, -4, 5, -6}, 3, 2, packed);
    float[] y = new float[2];

    kernel.forward(
        packed, new float[] {0.5f, -1f}, 3, 2, Activation.IDENTITY, new float[] {1, 1, 2}, y);
    assertArrayEquals(new float[] {9.5f, -12f}, y);

    kernel.forward(
        packed, new float[] {0.5f, -1f}, 3, 2, Activation.RELU, new float[] {1, 1, 2}, y);
    assertArrayEquals(new float[] {9.5f, 0f}, y);

    kernel.forward(
        packed, new float[] {0.5f, -1f}, 3, 2, Activation.TANH, new float[] {1, 1, 2}, y);
    assertArrayEquals(new float[] {(float) Math.tanh(9.5), (float) Math.tanh(-12)}, y);

    kernel.forward(packed, new float[] {0.5f, -1f}, 3, 2, Activation.ELU, new float[] {1, 1, 2}, y);
    assertArrayEquals(new float[] {9.5f, (float) (Math.exp(-12) - 1)}, y);

    kernel.forward(
        packed, new float[] {0.5f, -1f}, 3, 2, Activation.LEAKY_RELU, new float[] {1, 1, 2}, y);
    assertArrayEquals(new float[] {9.5f, -12f * 0.01f}, y);

    kernel.forward(
        packed, new float[] {0.5f, -1f}, 3, 2, Activation.SIGMOID, new float[] {1, 1, 2}, y);
    assertArrayEquals(
        new float[] {(float) (1 / (1 + Math.exp(-9.5))), (float) (1 / (1 + Math.exp(12)))}, y);
  }

  @Test
  void shouldMatchADoubleDotProductForEveryRemainderOfTheUnrolledLoop() {
    Random rnd = new Random(11);
    for (int in = 1; in <= 9; in++) {
      int out = 3;
      double[] w = new double[in * out];
      for (int i = 0; i < w.length; i++) {
        w[i] = rnd.nextGaussian();
      }
      float[] x = new float[in];
      for (int i = 0; i < in; i++) {
        x[i] = (float) rnd.nextGaussian();
      }
      float[] packed = new float[kernel.packedLength(in, out)];
      kernel.pack(w, in, out, packed);
      float[] y = new float[out];
      kernel.forward(packed, new float[out], in, out, Activation.IDENTITY, x, y);
      for (int o = 0; o < out; o++) {
        double sum = 0;
        for (int i = 0; i < in; i++) {
          sum += (double) (float) w[o * in + i] * x[i];
        }
        assertEquals(sum, y[o], 1e-5, "in=" + in + " out=" + o);
      }
      float[] unpacked = new float[in * out];
      kernel.unpack(packed, in, out, unpacked);
      for (int i = 0; i < w.length; i++) {
        assertEquals((float) w[i], unpacked[i]);
      }
    }
  }
}
