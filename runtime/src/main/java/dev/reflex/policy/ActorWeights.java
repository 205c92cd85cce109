package dev.reflex.policy;

import dev.reflex.network.kernel.DenseForwardF32;

/**
 * A mutable set of float32 actor weights for one layer layout, packed for one {@link
 * DenseForwardF32} kernel: the buffer a {@link CompactActor} reads, and the buffer the on-board
 * learner fills before handing it over with {@link CompactActor#setWeights}.
 *
 * <p>Weights come in PyTorch {@code nn.Linear} layout, {@code [out, in]} row-major, one array per
 * layer; biases one {@code [out]} array per layer.
 *
 * <p>Real-time: the {@code copyFrom} methods are allocation-free, lock-free, no I/O. Threading: not
 * thread-safe. The learner fills an idle buffer that no {@link CompactActor} is reading, then
 * publishes it (e.g. through a volatile field) to the control thread, which swaps it in at a tick
 * boundary.
 */
public final class ActorWeights {
  private final DenseForwardF32 kernel;
  private final int[] sizes;
  final float[][] packed;
  final float[][] biases;

  /**
   * Zero weights for a network of {@code layerSizes} (input, hidden..., output).
   *
   * @param layerSizes at least two positive sizes. Not modified.
   */
  public ActorWeights(int[] layerSizes, DenseForwardF32 kernel) {
    if (layerSizes.length < 2) {
      throw new IllegalArgumentException("an actor needs an input and an output size");
    }
    for (int s : layerSizes) {
      if (s <= 0) {
        throw new IllegalArgumentException("layer sizes must be positive, got " + s);
      }
    }
    this.kernel = kernel;
    this.sizes = layerSizes.clone();
    int layers = sizes.length - 1;
    this.packed = new float[layers][];
    this.biases = new float[layers][];
    for (int k = 0; k < layers; k++) {
      packed[k] = new float[kernel.packedLength(sizes[k], sizes[k + 1])];
      biases[k] = new float[sizes[k + 1]];
    }
  }

  /** The kernel whose layout the weights are packed in. */
  public DenseForwardF32 kernel() {
    return kernel;
  }

  /** Number of dense layers. */
  public int layerCount() {
    return sizes.length - 1;
  }

  /** Layer sizes: input, hidden..., output (a copy). */
  public int[] layerSizes() {
    return sizes.clone();
  }

  /** Inputs of layer {@code k}. */
  public int inputs(int k) {
    return sizes[k];
  }

  /** Outputs of layer {@code k}. */
  public int outputs(int k) {
    return sizes[k + 1];
  }

  /**
   * Copies double-precision weights in, rounding to float (the learner's publish step).
   *
   * @param weights per layer, {@code [out, in]} row-major. Not modified.
   * @param biases per layer, {@code [out]}. Not modified.
   * @throws IllegalArgumentException if a layer count or length differs.
   */
  public void copyFrom(double[][] weights, double[][] biases) {
    checkLayerCounts(weights.length, biases.length);
    for (int k = 0; k < packed.length; k++) {
      checkLengths(k, weights[k].length, biases[k].length);
      kernel.pack(weights[k], sizes[k], sizes[k + 1], packed[k]);
      float[] b = this.biases[k];
      double[] src = biases[k];
      for (int o = 0; o < b.length; o++) {
        b[o] = (float) src[o];
      }
    }
  }

  /**
   * Copies float weights in.
   *
   * @param weights per layer, {@code [out, in]} row-major. Not modified.
   * @param biases per layer, {@code [out]}. Not modified.
   * @throws IllegalArgumentException if a layer count or length differs.
   */
  public void copyFrom(float[][] weights, float[][] biases) {
    checkLayerCounts(weights.length, biases.length);
    for (int k = 0; k < packed.length; k++) {
      checkLengths(k, weights[k].length, biases[k].length);
      kernel.pack(weights[k], sizes[k], sizes[k + 1], packed[k]);
      System.arraycopy(biases[k], 0, this.biases[k], 0, this.biases[k].length);
    }
  }

  /**
   * Copies another buffer of the same layout and kernel.
   *
   * @param other Not modified.
   * @throws IllegalArgumentException if {@link #isCompatibleWith} is false.
   */
  public void copyFrom(ActorWeights other) {
    if (!isCompatibleWith(other)) {
      throw new IllegalArgumentException("weights of another layout or kernel");
    }
    for (int k = 0; k < packed.length; k++) {
      System.arraycopy(other.packed[k], 0, packed[k], 0, packed[k].length);
      System.arraycopy(other.biases[k], 0, biases[k], 0, biases[k].length);
    }
  }

  /** Whether {@code other} has the same layer sizes and kernel. Allocation-free. */
  public boolean isCompatibleWith(ActorWeights other) {
    if (other.kernel != kernel || other.sizes.length != sizes.length) {
      return false;
    }
    for (int i = 0; i < sizes.length; i++) {
      if (other.sizes[i] != sizes[i]) {
        return false;
      }
    }
    return true;
  }

  /** Layer {@code k}'s weights, {@code [out, in]} row-major (a new array; not for the loop). */
  public float[] weights(int k) {
    float[] out = new float[sizes[k] * sizes[k + 1]];
    kernel.unpack(packed[k], sizes[k], sizes[k + 1], out);
    return out;
  }

  /** Layer {@code k}'s biases (a copy; not for the loop). */
  public float[] biases(int k) {
    return biases[k].clone();
  }

  private void checkLayerCounts(int weightLayers, int biasLayers) {
    if (weightLayers != packed.length || biasLayers != packed.length) {
      throw new IllegalArgumentException(
          "expected "
              + packed.length
              + " layers, got "
              + weightLayers
              + " weight and "
              + biasLayers
              + " bias arrays");
    }
  }

  private void checkLengths(int k, int weightLength, int biasLength) {
    dev.reflex.format.ActorFile.checkLayer(sizes, k, weightLength, biasLength);
  }
}
