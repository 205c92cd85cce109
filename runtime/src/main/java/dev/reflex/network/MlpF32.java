package dev.reflex.network;

import dev.reflex.network.kernel.DenseKernelsF32;
import java.util.ArrayList;
import java.util.List;

/**
 * The float32 twin of {@link Mlp}: the same layers and activations, with weights stored {@code
 * [in×out]} ({@code wt}, the layout the products stream) and, for layers whose input gradient is
 * taken through a matrix product, an {@code [out×in]} copy refreshed lazily after the parameters
 * change ({@link #parametersChanged}), never per call. Only activations are kept per layer: every
 * backward mask is a function of them (ReLU: {@code a > 0}; tanh: {@code 1 − a²}).
 *
 * <p>Every buffer is sized for {@code maxBatch} rows at construction.
 *
 * <p>Real-time: {@link #forward} and {@link #backward} are allocation-free. Threading: one thread
 * at a time.
 */
public final class MlpF32 {
  private final int[] sizes;
  private final Activation[] activations;
  private final int maxBatch;
  private final DenseKernelsF32 kernels;
  private final float[][] wt;
  private final float[][] w;
  private final float[][] b;
  private final float[][] gwt;
  private final float[][] gb;
  private final float[][] post;
  private final float[][] delta;
  private final ParametersF32 parameters;
  private boolean copiesStale = true;
  private int rows;

  /**
   * A network with zero parameters, the shape of a double one (load it with {@link #copyFrom}).
   *
   * @param sizes layer widths, input first
   * @param activations one per layer
   */
  public MlpF32(int[] sizes, Activation[] activations, int maxBatch, DenseKernelsF32 kernels) {
    this.sizes = sizes.clone();
    this.activations = activations.clone();
    this.maxBatch = maxBatch;
    this.kernels = kernels;
    int layers = sizes.length - 1;
    wt = new float[layers][];
    w = new float[layers][];
    b = new float[layers][];
    gwt = new float[layers][];
    gb = new float[layers][];
    post = new float[layers + 1][];
    delta = new float[layers + 1][];
    List<float[]> values = new ArrayList<>();
    List<float[]> grads = new ArrayList<>();
    int[] r = new int[2 * layers];
    int[] c = new int[2 * layers];
    boolean[] t = new boolean[2 * layers];
    post[0] = new float[maxBatch * sizes[0]];
    for (int l = 0; l < layers; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      wt[l] = new float[in * out];
      w[l] = l > 0 && out > 1 ? new float[in * out] : null;
      b[l] = new float[out];
      gwt[l] = new float[in * out];
      gb[l] = new float[out];
      post[l + 1] = new float[maxBatch * out];
      delta[l + 1] = new float[maxBatch * out];
      values.add(wt[l]);
      values.add(b[l]);
      grads.add(gwt[l]);
      grads.add(gb[l]);
      r[2 * l] = out;
      c[2 * l] = in;
      t[2 * l] = true;
      r[2 * l + 1] = 1;
      c[2 * l + 1] = out;
    }
    parameters = new ParametersF32(values, grads, r, c, t);
  }

  /** A network of the shape of {@code shape} (double), on {@code kernels}. */
  public static MlpF32 like(Mlp shape, DenseKernelsF32 kernels) {
    return new MlpF32(shape.sizes(), shape.activations(), shape.maxBatch(), kernels);
  }

  /** The input buffer {@code [maxBatch×in]}: write rows here, then {@link #forward(int)}. Live. */
  public float[] input() {
    return post[0];
  }

  /**
   * Forward pass over {@code n} rows of {@code x}.
   *
   * @param x inputs, row-major. Not modified (copied, so a later backward is unaffected).
   * @return the outputs (internal buffer, valid until the next pass). Not to be modified.
   */
  public float[] forward(float[] x, int n) {
    System.arraycopy(x, 0, post[0], 0, n * sizes[0]);
    return forward(n);
  }

  /** Forward pass over the first {@code n} rows already in {@link #input()}. */
  public float[] forward(int n) {
    if (n > maxBatch) {
      throw new IllegalArgumentException("batch " + n + " exceeds the network's " + maxBatch);
    }
    rows = n;
    for (int l = 0; l < wt.length; l++) {
      kernels.forward(post[l], wt[l], b[l], post[l + 1], n, sizes[l], sizes[l + 1], activations[l]);
    }
    return post[wt.length];
  }

  /**
   * Backward pass through the last forward pass.
   *
   * @param gradOut ∂loss/∂output, {@code [n×outputSize]}. Not modified.
   * @param wantParamGrads overwrite the parameter gradients
   * @param inputCols receives columns {@code k0 .. k0 + cols} of ∂loss/∂input ({@code [n×cols]}),
   *     or {@code null} when no input gradient is wanted. Modified.
   */
  public void backward(
      float[] gradOut, boolean wantParamGrads, float[] inputCols, int k0, int cols) {
    int n = rows;
    int layers = wt.length;
    if (!wantParamGrads && inputCols == null) {
      return;
    }
    if (copiesStale) {
      refreshCopies();
    }
    int outSize = sizes[layers];
    float[] d = delta[layers];
    System.arraycopy(gradOut, 0, d, 0, n * outSize);
    DenseKernelsF32.activationBackward(activations[layers - 1], post[layers], d, n * outSize);
    for (int l = layers - 1; l >= 0; l--) {
      int in = sizes[l];
      int out = sizes[l + 1];
      if (wantParamGrads) {
        kernels.weightGrad(delta[l + 1], post[l], gwt[l], gb[l], n, in, out);
      }
      if (l > 0) {
        float[] wl = out == 1 ? wt[l] : w[l];
        kernels.inputGrad(delta[l + 1], wl, post[l], activations[l - 1], delta[l], n, in, out);
      } else if (inputCols != null) {
        kernels.inputGradColumns(delta[1], wt[0], inputCols, n, out, k0, cols);
      }
    }
  }

  /** Marks the {@code [out×in]} copies stale: call after anything wrote the parameters. */
  public void parametersChanged() {
    copiesStale = true;
  }

  private void refreshCopies() {
    for (int l = 0; l < wt.length; l++) {
      if (w[l] != null) {
        int in = sizes[l];
        int out = sizes[l + 1];
        float[] src = wt[l];
        float[] dst = w[l];
        for (int k0 = 0; k0 < in; k0 += 16) {
          int k1 = Math.min(in, k0 + 16);
          for (int o0 = 0; o0 < out; o0 += 16) {
            int o1 = Math.min(out, o0 + 16);
            for (int k = k0; k < k1; k++) {
              for (int o = o0; o < o1; o++) {
                dst[o * in + k] = src[k * out + o];
              }
            }
          }
        }
      }
    }
    copiesStale = false;
  }

  /** Loads every parameter from a double network of the same shape (rounding to float). */
  public void copyFrom(Mlp src) {
    parameters.copyFrom(src.parameters());
    parametersChanged();
  }

  /** Writes every parameter into a double network of the same shape (exact). */
  public void copyTo(Mlp dst) {
    parameters.copyTo(dst.parameters());
  }

  /** The weights and biases with their gradients, in {@link Mlp}'s order. */
  public ParametersF32 parameters() {
    return parameters;
  }

  /** Layer widths, input first (a copy). */
  public int[] sizes() {
    return sizes.clone();
  }

  /** Number of dense layers. */
  public int layerCount() {
    return wt.length;
  }

  /** Width of the input. */
  public int inputSize() {
    return sizes[0];
  }

  /** Width of the output. */
  public int outputSize() {
    return sizes[sizes.length - 1];
  }

  /** The kernels this network runs on. */
  public DenseKernelsF32 kernels() {
    return kernels;
  }
}
