package dev.reflex.network.kernel;

/**
 * One dense layer in float32 for inference, {@code y = x · wᵀ + b}, owning its weights in whatever
 * layout its kernel reads fastest (packed at construction and on {@link #setWeights}). The compact
 * actor chains these with its activations.
 *
 * <p>Real-time: {@link #forward}, {@link #forwardBatch} and {@link #setWeights} are
 * allocation-free; no locks; no I/O. Threading: one thread at a time per layer.
 */
public interface DenseLayerF32 {

  /** Width of the input. */
  int inputSize();

  /** Width of the output. */
  int outputSize();

  /**
   * One sample: {@code y[yOff + o] = b[o] + Σ_k x[xOff + k] · w[o, k]}.
   *
   * @param x holds the input at {@code xOff}. Not modified.
   * @param y receives the output at {@code yOff}. Modified ({@code outputSize()} elements only).
   */
  void forward(float[] x, int xOff, float[] y, int yOff);

  /**
   * A batch of {@code n} row-major samples: {@code y[n×out] = x[n×in] · wᵀ + b}.
   *
   * @param x inputs. Not modified.
   * @param y outputs. Modified (the first {@code n × outputSize()} elements only).
   */
  void forwardBatch(float[] x, float[] y, int n);

  /**
   * Replaces the parameters, re-laying them out in place.
   *
   * @param w weights {@code [out×in]} row-major (PyTorch's {@code nn.Linear} layout). Not modified.
   * @param b bias {@code [out]}. Not modified.
   */
  void setWeights(float[] w, float[] b);

  /** The kernel's short name, for logs and benchmarks. */
  String kernelName();

  /** Builds layers of one kernel implementation. */
  interface Factory {
    /**
     * A layer holding a copy of {@code w} {@code [out×in]} and {@code b} {@code [out]}.
     *
     * @throws IllegalArgumentException when a size is below 1 or an array's length does not match
     */
    DenseLayerF32 create(float[] w, float[] b, int in, int out);

    /** The kernel's short name. */
    String name();
  }

  /** The fastest implementation in this JVM (see {@link DenseKernelsProvider}). */
  static Factory best() {
    return DenseKernelsProvider.BEST_F32;
  }

  /** The plain-Java implementation, always available. */
  static Factory scalar() {
    return ScalarDenseLayerF32.FACTORY;
  }

  /** Checks sizes and lengths for {@link Factory#create} and {@link #setWeights}. */
  static void checkShape(float[] w, float[] b, int in, int out) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException("layer sizes must be >= 1, got in=" + in + " out=" + out);
    }
    if (w.length != in * out || b.length != out) {
      throw new IllegalArgumentException(
          "layer "
              + in
              + "->"
              + out
              + " needs "
              + in * out
              + " weights and "
              + out
              + " biases, got "
              + w.length
              + " and "
              + b.length);
    }
  }
}
