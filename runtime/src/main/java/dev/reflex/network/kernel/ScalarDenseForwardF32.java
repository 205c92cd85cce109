package dev.reflex.network.kernel;

import dev.reflex.network.Activation;

/**
 * Plain-Java dense layer: packed layout is the {@code [out, in]} row-major layout itself; each
 * output is a dot product with four independent float accumulators (for instruction-level
 * parallelism) followed by the bias and the activation.
 *
 * <p>Real-time: allocation-free; no locks; no I/O. Threading: stateless, any thread.
 */
final class ScalarDenseForwardF32 implements DenseForwardF32 {
  /** The shared instance (the kernel has no state). */
  static final ScalarDenseForwardF32 INSTANCE = new ScalarDenseForwardF32();

  private ScalarDenseForwardF32() {}

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public int packedLength(int inputs, int outputs) {
    return inputs * outputs;
  }

  @Override
  public void pack(float[] weights, int inputs, int outputs, float[] packedOut) {
    System.arraycopy(weights, 0, packedOut, 0, inputs * outputs);
  }

  @Override
  public void pack(double[] weights, int inputs, int outputs, float[] packedOut) {
    int n = inputs * outputs;
    for (int i = 0; i < n; i++) {
      packedOut[i] = (float) weights[i];
    }
  }

  @Override
  public void unpack(float[] packed, int inputs, int outputs, float[] weightsOut) {
    System.arraycopy(packed, 0, weightsOut, 0, inputs * outputs);
  }

  @Override
  public void forward(
      float[] packed,
      float[] bias,
      int inputs,
      int outputs,
      Activation activation,
      float[] x,
      float[] yOut) {
    int blocked = inputs & ~3;
    for (int o = 0; o < outputs; o++) {
      int row = o * inputs;
      float s0 = 0f;
      float s1 = 0f;
      float s2 = 0f;
      float s3 = 0f;
      int i = 0;
      for (; i < blocked; i += 4) {
        s0 += packed[row + i] * x[i];
        s1 += packed[row + i + 1] * x[i + 1];
        s2 += packed[row + i + 2] * x[i + 2];
        s3 += packed[row + i + 3] * x[i + 3];
      }
      for (; i < inputs; i++) {
        s0 += packed[row + i] * x[i];
      }
      yOut[o] = activation.apply(bias[o] + ((s0 + s1) + (s2 + s3)));
    }
  }
}
