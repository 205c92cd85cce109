package dev.reflex.network.kernel;

/**
 * The three products of a dense layer, on row-major double arrays: the hot kernels of training.
 * Weights are laid out as PyTorch's {@code nn.Linear}: {@code w[o * in + k]} is the weight from
 * input {@code k} to output {@code o}.
 *
 * <p>Real-time: allocation-free; no locks; no I/O. Threading: implementations are stateless and may
 * be shared.
 */
public interface DenseKernels {

  /**
   * {@code y[n×out] = x[n×in] · wᵀ + b}.
   *
   * @param x inputs, {@code n} rows of {@code in}. Not modified.
   * @param w weights {@code [out×in]}. Not modified.
   * @param b bias {@code [out]}. Not modified.
   * @param y outputs, {@code n} rows of {@code out}. Modified.
   */
  void forward(double[] x, double[] w, double[] b, double[] y, int n, int in, int out);

  /**
   * Parameter gradients, overwritten: {@code gw[out×in] = dyᵀ · x}, {@code gb[out] = Σ_rows dy}.
   *
   * @param dy gradient of the loss with respect to the pre-activations, {@code [n×out]}. Not
   *     modified.
   * @param x the layer's inputs {@code [n×in]}. Not modified.
   * @param gw weight gradient. Modified.
   * @param gb bias gradient. Modified.
   */
  void weightGrad(double[] dy, double[] x, double[] gw, double[] gb, int n, int in, int out);

  /**
   * Input gradient, overwritten: {@code dx[n×in] = dy[n×out] · w[out×in]}.
   *
   * @param dy gradient with respect to the pre-activations. Not modified.
   * @param w weights. Not modified.
   * @param dx gradient with respect to the inputs. Modified.
   */
  void inputGrad(double[] dy, double[] w, double[] dx, int n, int in, int out);

  /**
   * ReLU, {@code a[i] = z[i] > 0 ? z[i] : 0} for {@code i < count} (NaN and -0 give +0), identical
   * in every implementation.
   *
   * @param z pre-activations. Not modified.
   * @param a activations. Modified (may be {@code z}).
   */
  void relu(double[] z, double[] a, int count);

  /**
   * ReLU's backward, {@code g[i] = 0} where {@code z[i] <= 0}, for {@code i < count}; identical in
   * every implementation.
   *
   * @param z pre-activations. Not modified.
   * @param g gradient with respect to the activations on entry, the pre-activations on exit.
   *     Modified.
   */
  void reluBackward(double[] z, double[] g, int count);

  /**
   * One Adam step over {@code count} parameters, bit-identical in every implementation (no fused
   * multiply-add): {@code gk = g·gradScale + weightDecay·p; m = β₁m + (1−β₁)gk; v = β₂v +
   * (1−β₂)gk·gk; p −= stepSize·m / (√v / bc2Sqrt + eps)}.
   *
   * @param p parameters. Modified.
   * @param g gradients. Not modified.
   * @param m first moments. Modified.
   * @param v second moments. Modified.
   */
  void adamStep(
      double[] p,
      double[] g,
      double[] m,
      double[] v,
      int count,
      double gradScale,
      double weightDecay,
      double beta1,
      double beta2,
      double stepSize,
      double bc2Sqrt,
      double eps);

  /** A short name for logs and benchmarks. */
  String name();

  /** The fastest implementation available in this JVM (see {@link DenseKernelsProvider}). */
  static DenseKernels best() {
    return DenseKernelsProvider.BEST;
  }

  /** The plain-Java reference implementation, always available. */
  static DenseKernels scalar() {
    return ScalarDenseKernels.INSTANCE;
  }
}
