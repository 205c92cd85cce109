package dev.reflex.network.kernel;

import dev.reflex.network.Activation;

/**
 * The float32 product of one dense layer, {@code y = act(W x + b)}, behind which faster kernels
 * (e.g. the Vector API) can replace the plain-Java one: the project's one float32 dense-forward
 * API, used by the compact actor (inference). The learner's float32 training products are {@link
 * DenseKernelsF32}.
 *
 * <p>Weights are given to a kernel in PyTorch {@code nn.Linear} layout, {@code [out, in]}
 * row-major, and packed once into the kernel's own layout ({@link #pack}); {@link #forward} reads
 * only packed weights. Code outside the kernel never depends on the packed layout.
 *
 * <p>Real-time: {@link #pack} and {@link #forward} are allocation-free, lock-free, no I/O.
 * Threading: implementations are stateless and shareable; callers own the arrays.
 */
public interface DenseForwardF32 {

  /**
   * The fastest kernel available on this JVM and machine, following the network kernels' choice
   * ({@link DenseKernelsProvider}): the Vector API one when the JVM was started with {@code
   * --add-modules jdk.incubator.vector} (and {@code -Dreflex.kernels=scalar} is not set), else
   * {@link #scalar()}.
   */
  static DenseForwardF32 best() {
    return DenseKernelsProvider.BEST_F32;
  }

  /** The plain-Java kernel, always available. */
  static DenseForwardF32 scalar() {
    return ScalarDenseForwardF32.INSTANCE;
  }

  /** A short name for logs and benchmarks. */
  String name();

  /** Length of the packed weight array for a layer of {@code inputs} to {@code outputs}. */
  int packedLength(int inputs, int outputs);

  /**
   * Packs {@code [out, in]} row-major weights.
   *
   * @param weights length {@code outputs * inputs}. Not modified.
   * @param packedOut length {@link #packedLength}. Modified.
   */
  void pack(float[] weights, int inputs, int outputs, float[] packedOut);

  /**
   * Packs {@code [out, in]} row-major double weights, rounding each to float.
   *
   * @param weights length {@code outputs * inputs}. Not modified.
   * @param packedOut length {@link #packedLength}. Modified.
   */
  void pack(double[] weights, int inputs, int outputs, float[] packedOut);

  /**
   * Unpacks to {@code [out, in]} row-major weights (the inverse of {@link #pack}).
   *
   * @param packed Not modified.
   * @param weightsOut length {@code outputs * inputs}. Modified.
   */
  void unpack(float[] packed, int inputs, int outputs, float[] weightsOut);

  /**
   * Computes {@code yOut = activation(W x + bias)}.
   *
   * @param packed weights packed by this kernel. Not modified.
   * @param bias length {@code outputs}. Not modified.
   * @param x length at least {@code inputs}. Not modified.
   * @param yOut length at least {@code outputs}, distinct from {@code x}. Modified.
   */
  void forward(
      float[] packed,
      float[] bias,
      int inputs,
      int outputs,
      Activation activation,
      float[] x,
      float[] yOut);
}
