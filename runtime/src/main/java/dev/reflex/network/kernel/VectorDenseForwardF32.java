package dev.reflex.network.kernel;

import dev.reflex.network.Activation;

/**
 * The Vector API dense layer ({@link VectorDenseLayerF32}'s packed panels, ReLU fused into the
 * store) behind the compact actor's kernel interface. Tanh, ELU, leaky ReLU and sigmoid are applied
 * after the product, one output at a time ({@link Activation#apply(float)}, as the scalar kernel
 * does); identity leaves the product as is.
 *
 * <p>Loaded by name only ({@link DenseKernelsProvider}), after the check that {@code
 * jdk.incubator.vector} is in the boot layer: a JVM without the module never resolves this class.
 *
 * <p>Real-time: allocation-free; no locks; no I/O. Threading: stateless, any thread.
 */
final class VectorDenseForwardF32 implements DenseForwardF32 {
  /** The shared instance (the kernel has no state); read reflectively by the provider. */
  static final VectorDenseForwardF32 INSTANCE = new VectorDenseForwardF32();

  private VectorDenseForwardF32() {}

  @Override
  public String name() {
    return VectorDenseLayerF32.speciesName();
  }

  @Override
  public int packedLength(int inputs, int outputs) {
    return VectorDenseLayerF32.packedLength(inputs, outputs);
  }

  @Override
  public void pack(float[] weights, int inputs, int outputs, float[] packedOut) {
    VectorDenseLayerF32.pack(weights, inputs, outputs, packedOut);
  }

  @Override
  public void pack(double[] weights, int inputs, int outputs, float[] packedOut) {
    VectorDenseLayerF32.pack(weights, inputs, outputs, packedOut);
  }

  @Override
  public void unpack(float[] packed, int inputs, int outputs, float[] weightsOut) {
    VectorDenseLayerF32.unpack(packed, inputs, outputs, weightsOut);
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
    boolean relu = activation == Activation.RELU;
    VectorDenseLayerF32.forward(packed, bias, inputs, outputs, relu, x, 0, yOut, 0);
    if (activation != Activation.RELU && activation != Activation.IDENTITY) {
      for (int o = 0; o < outputs; o++) {
        yOut[o] = activation.apply(yOut[o]);
      }
    }
  }
}
