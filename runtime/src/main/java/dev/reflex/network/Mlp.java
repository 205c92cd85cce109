package dev.reflex.network;

import dev.reflex.network.kernel.DenseKernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;

/**
 * A multilayer perceptron of dense layers in double precision, with forward and backward passes for
 * a batch or a single sample. Weights are EJML matrices shaped {@code [out, in]} (PyTorch's {@code
 * nn.Linear} layout), biases {@code [1, out]}. Backward gives the parameter gradients and, on
 * request, the gradient with respect to the input (the critic's ∂Q/∂a comes from there).
 *
 * <p>Every buffer is sized for {@code maxBatch} rows at construction; EJML's {@code reshape} only
 * changes the row count, so passes on any batch up to that size allocate nothing.
 *
 * <p>Real-time: {@link #forward}, {@link #backward} and {@link #forwardSingle} are allocation-free.
 * Threading: one thread at a time.
 */
public final class Mlp {
  private final int[] sizes;
  private final Activation[] activations;
  private final int maxBatch;
  private final DenseKernels kernels;
  private final DMatrixRMaj[] weights;
  private final DMatrixRMaj[] biases;
  private final DMatrixRMaj[] weightGrads;
  private final DMatrixRMaj[] biasGrads;
  // pre[l], post[l] for l = 1..L; post[0] is a copy of the input.
  private final DMatrixRMaj[] pre;
  private final DMatrixRMaj[] post;
  private final DMatrixRMaj[] delta;
  private final DMatrixRMaj inputGrad;
  private final DMatrixRMaj singleIn;
  private final Parameters parameters;
  private int rows;

  /**
   * Creates a network with zero parameters; call {@link #initialise} or load values.
   *
   * @param sizes layer widths, input first: {@code {3, 64, 64, 1}}
   * @param activations one per layer (length {@code sizes.length - 1})
   * @param maxBatch the largest batch any pass will see
   */
  public Mlp(int[] sizes, Activation[] activations, int maxBatch, DenseKernels kernels) {
    if (sizes.length < 2 || activations.length != sizes.length - 1) {
      throw new IllegalArgumentException(
          "need at least two sizes and one activation per layer, got sizes "
              + Arrays.toString(sizes)
              + " and "
              + activations.length
              + " activations");
    }
    for (int s : sizes) {
      if (s < 1) {
        throw new IllegalArgumentException("layer sizes must be >= 1: " + Arrays.toString(sizes));
      }
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1: " + maxBatch);
    }
    this.sizes = sizes.clone();
    this.activations = activations.clone();
    this.maxBatch = maxBatch;
    this.kernels = kernels;
    int layers = sizes.length - 1;
    weights = new DMatrixRMaj[layers];
    biases = new DMatrixRMaj[layers];
    weightGrads = new DMatrixRMaj[layers];
    biasGrads = new DMatrixRMaj[layers];
    pre = new DMatrixRMaj[layers + 1];
    post = new DMatrixRMaj[layers + 1];
    delta = new DMatrixRMaj[layers + 1];
    List<DMatrixRMaj> values = new ArrayList<>();
    List<DMatrixRMaj> grads = new ArrayList<>();
    post[0] = new DMatrixRMaj(maxBatch, sizes[0]);
    for (int l = 0; l < layers; l++) {
      weights[l] = new DMatrixRMaj(sizes[l + 1], sizes[l]);
      biases[l] = new DMatrixRMaj(1, sizes[l + 1]);
      weightGrads[l] = new DMatrixRMaj(sizes[l + 1], sizes[l]);
      biasGrads[l] = new DMatrixRMaj(1, sizes[l + 1]);
      pre[l + 1] = new DMatrixRMaj(maxBatch, sizes[l + 1]);
      post[l + 1] = new DMatrixRMaj(maxBatch, sizes[l + 1]);
      delta[l + 1] = new DMatrixRMaj(maxBatch, sizes[l + 1]);
      values.add(weights[l]);
      values.add(biases[l]);
      grads.add(weightGrads[l]);
      grads.add(biasGrads[l]);
    }
    inputGrad = new DMatrixRMaj(maxBatch, sizes[0]);
    singleIn = new DMatrixRMaj(1, sizes[0]);
    parameters = new Parameters(values, grads);
  }

  /** A network of the same shape and activations, with its own (zero) parameters. */
  public Mlp copyShape() {
    return new Mlp(sizes, activations, maxBatch, kernels);
  }

  /** Initialises every weight and bias uniformly as {@code init} prescribes. */
  public void initialise(Init init, RandomGenerator rng) {
    int layers = weights.length;
    for (int l = 0; l < layers; l++) {
      double bound = init.bound(sizes[l], l == layers - 1);
      fillUniform(weights[l], bound, rng);
      fillUniform(biases[l], bound, rng);
    }
  }

  private static void fillUniform(DMatrixRMaj m, double bound, RandomGenerator rng) {
    for (int k = 0; k < m.getNumElements(); k++) {
      m.data[k] = (2 * rng.nextDouble() - 1) * bound;
    }
  }

  /**
   * Forward pass over a batch.
   *
   * @param x inputs, one sample per row ({@code rows ≤ maxBatch}, {@code cols = inputSize()}). Not
   *     modified; copied so a later {@link #backward} is unaffected by changes to it.
   * @return the outputs, an internal buffer of {@code x.numRows} rows, valid until the next pass.
   *     Not to be modified.
   */
  public DMatrixRMaj forward(DMatrixRMaj x) {
    int n = x.numRows;
    if (n > maxBatch || x.numCols != sizes[0]) {
      throw new IllegalArgumentException(
          "input is " + n + "x" + x.numCols + ", network takes up to " + maxBatch + "x" + sizes[0]);
    }
    rows = n;
    post[0].reshape(n, sizes[0]);
    System.arraycopy(x.data, 0, post[0].data, 0, n * sizes[0]);
    for (int l = 0; l < weights.length; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      pre[l + 1].reshape(n, out);
      post[l + 1].reshape(n, out);
      kernels.forward(post[l].data, weights[l].data, biases[l].data, pre[l + 1].data, n, in, out);
      activate(activations[l], pre[l + 1].data, post[l + 1].data, n * out);
    }
    return post[weights.length];
  }

  /**
   * Forward pass for one sample.
   *
   * @param x input, length {@code inputSize()}. Not modified.
   * @param y output, length {@code outputSize()}. Modified.
   */
  public void forwardSingle(double[] x, double[] y) {
    System.arraycopy(x, 0, singleIn.data, 0, sizes[0]);
    DMatrixRMaj out = forward(singleIn);
    System.arraycopy(out.data, 0, y, 0, outputSize());
  }

  /**
   * Backward pass through the last forward pass's batch.
   *
   * @param gradOut ∂loss/∂output, same rows as the forward input. Not modified.
   * @param wantParamGrads whether to overwrite the parameter gradients (false when only the input
   *     gradient is wanted, e.g. the critic's ∂Q/∂a for an actor update)
   * @param wantInputGrad whether to compute the input gradient
   * @return ∂loss/∂input (an internal buffer) when requested, else {@code null}
   */
  public DMatrixRMaj backward(DMatrixRMaj gradOut, boolean wantParamGrads, boolean wantInputGrad) {
    int n = rows;
    int layers = weights.length;
    int outSize = sizes[layers];
    if (gradOut.numRows != n || gradOut.numCols != outSize) {
      throw new IllegalArgumentException(
          "gradient is "
              + gradOut.numRows
              + "x"
              + gradOut.numCols
              + ", expected "
              + n
              + "x"
              + outSize);
    }
    DMatrixRMaj d = delta[layers];
    d.reshape(n, outSize);
    System.arraycopy(gradOut.data, 0, d.data, 0, n * outSize);
    activateBackward(
        activations[layers - 1], pre[layers].data, post[layers].data, d.data, n * outSize);
    for (int l = layers - 1; l >= 0; l--) {
      int in = sizes[l];
      int out = sizes[l + 1];
      double[] dl = delta[l + 1].data;
      if (wantParamGrads) {
        kernels.weightGrad(dl, post[l].data, weightGrads[l].data, biasGrads[l].data, n, in, out);
      }
      if (l > 0) {
        DMatrixRMaj prev = delta[l];
        prev.reshape(n, in);
        kernels.inputGrad(dl, weights[l].data, prev.data, n, in, out);
        activateBackward(activations[l - 1], pre[l].data, post[l].data, prev.data, n * in);
      } else if (wantInputGrad) {
        inputGrad.reshape(n, in);
        kernels.inputGrad(dl, weights[0].data, inputGrad.data, n, in, out);
      }
    }
    return wantInputGrad ? inputGrad : null;
  }

  /** ReLU on the kernels (vectorised where available, identical results), others element-wise. */
  private void activate(Activation a, double[] z, double[] y, int count) {
    if (a == Activation.RELU) {
      kernels.relu(z, y, count);
    } else {
      a.apply(z, y, count);
    }
  }

  private void activateBackward(Activation a, double[] z, double[] y, double[] g, int count) {
    if (a == Activation.RELU) {
      kernels.reluBackward(z, g, count);
    } else {
      a.backward(z, y, g, count);
    }
  }

  /** The weights and biases with their gradients, in layer order. */
  public Parameters parameters() {
    return parameters;
  }

  /** Layer {@code l}'s weight matrix {@code [out, in]}. Live. */
  public DMatrixRMaj weight(int l) {
    return weights[l];
  }

  /** Layer {@code l}'s bias {@code [1, out]}. Live. */
  public DMatrixRMaj bias(int l) {
    return biases[l];
  }

  /** Layer widths, input first (a copy). */
  public int[] sizes() {
    return sizes.clone();
  }

  /** Activations, one per layer (a copy). */
  public Activation[] activations() {
    return activations.clone();
  }

  /** Number of dense layers. */
  public int layerCount() {
    return weights.length;
  }

  /** Width of the input. */
  public int inputSize() {
    return sizes[0];
  }

  /** Width of the output. */
  public int outputSize() {
    return sizes[sizes.length - 1];
  }

  /** Largest batch a pass accepts. */
  public int maxBatch() {
    return maxBatch;
  }

  /** The kernels this network runs on. */
  public DenseKernels kernels() {
    return kernels;
  }

  /**
   * Pre-activation of the last layer from the last forward pass (e.g. the actor's unsquashed p).
   */
  public DMatrixRMaj lastPreActivation() {
    return pre[weights.length];
  }
}
