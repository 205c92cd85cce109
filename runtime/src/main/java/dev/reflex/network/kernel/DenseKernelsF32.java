package dev.reflex.network.kernel;

import dev.reflex.network.Activation;

/**
 * The training products of a dense layer in float32, with the activation fused into them. Weights
 * are kept in the layout the products stream: {@code wt[k * out + o]} ({@code [in×out]}, the
 * transpose of PyTorch's {@code nn.Linear}), so the forward broadcasts an input and streams a row
 * of {@code wt}, and the weight gradient {@code gwt = xᵀ·dy} comes out in the same layout. The
 * input gradient streams the {@code [out×in]} copy {@code w} (refreshed by the network after each
 * optimiser step, never per call); for a one-output layer {@code w} and {@code wt} are the same
 * array.
 *
 * <p>Real-time: allocation-free; no locks; no I/O. Threading: an instance holds a small scratch;
 * one thread at a time per instance (each network owns one, from {@link #create()}).
 */
public interface DenseKernelsF32 {

  /**
   * {@code y[n×out] = act(x[n×in] · wt + b)}.
   *
   * @param x inputs. Not modified.
   * @param wt weights {@code [in×out]}. Not modified.
   * @param b bias {@code [out]}. Not modified.
   * @param y activations. Modified.
   * @param act the layer's activation (applied in the product's store where it can be)
   */
  void forward(float[] x, float[] wt, float[] b, float[] y, int n, int in, int out, Activation act);

  /**
   * Parameter gradients, overwritten: {@code gwt[in×out] = xᵀ · dy}, {@code gb[out] = Σ_rows dy}.
   *
   * @param dy gradient with respect to the pre-activations {@code [n×out]}. Not modified.
   * @param x the layer's inputs {@code [n×in]}. Not modified.
   * @param gwt weight gradient, {@code wt}'s layout. Modified.
   * @param gb bias gradient. Modified.
   */
  void weightGrad(float[] dy, float[] x, float[] gwt, float[] gb, int n, int in, int out);

  /**
   * Input gradient through the previous layer's activation, overwritten: {@code dx[n×in] = (dy · w)
   * ⊙ f'(post)}, where {@code f} is {@code act} and {@code post = f(z)} its output (ReLU: mask
   * {@code post > 0}; tanh: {@code 1 − post²}; identity: 1).
   *
   * @param dy gradient with respect to this layer's pre-activations {@code [n×out]}. Not modified.
   * @param w weights {@code [out×in]}. Not modified.
   * @param post the previous layer's activations {@code [n×in]}. Not modified.
   * @param dx gradient with respect to the previous layer's pre-activations. Modified.
   */
  void inputGrad(
      float[] dy, float[] w, float[] post, Activation act, float[] dx, int n, int in, int out);

  /**
   * Columns {@code k0 .. k0 + cols} of the input gradient only, {@code dx[n×cols] = dy ·
   * wt[k0..k0+cols, ·]ᵀ}: dot products along the output (e.g. the critic's ∂Q/∂a, the last input
   * columns of its first layer).
   *
   * @param dy {@code [n×out]}. Not modified.
   * @param wt weights {@code [in×out]}. Not modified.
   * @param dx {@code [n×cols]}. Modified.
   */
  void inputGradColumns(float[] dy, float[] wt, float[] dx, int n, int out, int k0, int cols);

  /**
   * One Adam step, lane-wise without fused multiply-add so every implementation gives the same
   * bits: {@code gk = g·gradScale + weightDecay·p; m = β₁m + (1−β₁)gk; v = β₂v + (1−β₂)gk·gk; p −=
   * stepSize·m / (√v / bc2Sqrt + eps)}.
   *
   * @param p parameters. Modified.
   * @param g gradients. Not modified.
   * @param m first moments. Modified.
   * @param v second moments. Modified.
   */
  void adamStep(
      float[] p,
      float[] g,
      float[] m,
      float[] v,
      int count,
      float gradScale,
      float weightDecay,
      float beta1,
      float beta2,
      float stepSize,
      float bc2Sqrt,
      float eps);

  /** A short name for logs and benchmarks. */
  String name();

  /**
   * {@code g[i] *= f'(post[i])} for {@code i < count}, the output layer's activation backward.
   *
   * @param post activations. Not modified.
   * @param g gradient with respect to the activations on entry, the pre-activations on exit.
   *     Modified.
   */
  static void activationBackward(Activation act, float[] post, float[] g, int count) {
    switch (act) {
      case RELU -> {
        for (int i = 0; i < count; i++) {
          if (!(post[i] > 0)) {
            g[i] = 0;
          }
        }
      }
      case TANH -> {
        for (int i = 0; i < count; i++) {
          float t = post[i];
          g[i] *= 1 - t * t;
        }
      }
      case IDENTITY -> {}
      default -> throw new IllegalArgumentException("float32 kernels: no backward for " + act);
    }
  }

  /** {@code a[i] = f(a[i])} for activations the products do not fuse (tanh), in place. */
  static void activateInPlace(Activation act, float[] a, int from, int count) {
    switch (act) {
      case RELU -> {
        for (int i = from; i < from + count; i++) {
          a[i] = a[i] > 0 ? a[i] : 0;
        }
      }
      case TANH -> {
        for (int i = from; i < from + count; i++) {
          a[i] = (float) Math.tanh(a[i]);
        }
      }
      case IDENTITY -> {}
      default -> throw new IllegalArgumentException("float32 kernels: no forward for " + act);
    }
  }

  /** New kernels of the implementation {@link DenseKernels#best()} chose (vector or scalar). */
  static DenseKernelsF32 create() {
    return DenseKernelsProvider.newF32Training();
  }

  /** New plain-Java kernels, always available. */
  static DenseKernelsF32 createScalar() {
    return new ScalarDenseKernelsF32();
  }
}
