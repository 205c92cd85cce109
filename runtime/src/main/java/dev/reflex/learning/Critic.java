package dev.reflex.learning;

import dev.reflex.network.Activation;
import dev.reflex.network.Init;
import dev.reflex.network.Mlp;
import dev.reflex.network.Parameters;
import dev.reflex.network.kernel.DenseKernels;
import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;

/**
 * A Q-network Q(s, a). The action enters either at the first layer together with the state (TD3's
 * and most implementations' layout) or at the second layer (the DDPG paper's layout: the state goes
 * through one hidden layer first, then the action is concatenated to that layer's output).
 *
 * <p>{@link #backward} can return ∂loss/∂a per sample without touching the parameter gradients:
 * that is the critic's half of the deterministic policy gradient.
 *
 * <p>Real-time: {@link #forward} and {@link #backward} are allocation-free. Threading: one thread
 * at a time.
 */
public final class Critic {
  private final int obsSize;
  private final int actSize;
  private final boolean actionAtSecondLayer;
  private final Mlp first;
  private final Mlp second; // null when the action enters at the first layer
  private final DMatrixRMaj concat;
  private final DMatrixRMaj actionGrad;
  private final DMatrixRMaj hiddenGrad;
  private final Parameters parameters;

  /**
   * @param hidden hidden widths (at least one when {@code actionAtSecondLayer})
   * @param hiddenActivation activation of every hidden layer; the output is linear
   */
  public Critic(
      int obsSize,
      int actSize,
      int[] hidden,
      Activation hiddenActivation,
      boolean actionAtSecondLayer,
      int maxBatch,
      DenseKernels kernels) {
    this.obsSize = obsSize;
    this.actSize = actSize;
    this.actionAtSecondLayer = actionAtSecondLayer;
    if (actionAtSecondLayer) {
      if (hidden.length < 1) {
        throw new IllegalArgumentException("action at the second layer needs a hidden layer");
      }
      first =
          new Mlp(
              new int[] {obsSize, hidden[0]},
              new Activation[] {hiddenActivation},
              maxBatch,
              kernels);
      int[] sizes = new int[hidden.length + 1];
      sizes[0] = hidden[0] + actSize;
      System.arraycopy(hidden, 1, sizes, 1, hidden.length - 1);
      sizes[hidden.length] = 1;
      second = new Mlp(sizes, activations(hidden.length - 1, hiddenActivation), maxBatch, kernels);
      concat = new DMatrixRMaj(maxBatch, hidden[0] + actSize);
      hiddenGrad = new DMatrixRMaj(maxBatch, hidden[0]);
      parameters = Parameters.concat(first.parameters(), second.parameters());
    } else {
      int[] sizes = new int[hidden.length + 2];
      sizes[0] = obsSize + actSize;
      System.arraycopy(hidden, 0, sizes, 1, hidden.length);
      sizes[hidden.length + 1] = 1;
      first = new Mlp(sizes, activations(hidden.length, hiddenActivation), maxBatch, kernels);
      second = null;
      concat = new DMatrixRMaj(maxBatch, obsSize + actSize);
      hiddenGrad = null;
      parameters = first.parameters();
    }
    actionGrad = new DMatrixRMaj(maxBatch, actSize);
  }

  private static Activation[] activations(int hiddenLayers, Activation hiddenActivation) {
    Activation[] acts = new Activation[hiddenLayers + 1];
    java.util.Arrays.fill(acts, hiddenActivation);
    acts[hiddenLayers] = Activation.IDENTITY;
    return acts;
  }

  /** A critic of the same shape with its own (zero) parameters. */
  public Critic copyShape() {
    Critic c = new Critic(this);
    return c;
  }

  private Critic(Critic shape) {
    this.obsSize = shape.obsSize;
    this.actSize = shape.actSize;
    this.actionAtSecondLayer = shape.actionAtSecondLayer;
    this.first = shape.first.copyShape();
    this.second = shape.second == null ? null : shape.second.copyShape();
    this.concat = new DMatrixRMaj(shape.concat.numRows, shape.concat.numCols);
    this.hiddenGrad =
        shape.hiddenGrad == null
            ? null
            : new DMatrixRMaj(shape.hiddenGrad.numRows, shape.hiddenGrad.numCols);
    this.actionGrad = new DMatrixRMaj(shape.actionGrad.numRows, shape.actionGrad.numCols);
    this.parameters =
        second == null
            ? first.parameters()
            : Parameters.concat(first.parameters(), second.parameters());
  }

  /** Initialises the parameters (the output layer is the "final layer" of {@code init}). */
  public void initialise(Init init, RandomGenerator rng) {
    if (second == null) {
      first.initialise(init, rng);
    } else {
      // The first part is a hidden layer: initialise it with the hidden-layer rule.
      Init hiddenRule = Init.PYTORCH;
      first.initialise(hiddenRule, rng);
      second.initialise(init, rng);
    }
  }

  /**
   * Q-values for a batch.
   *
   * @param obs {@code [n, obsSize]}. Not modified.
   * @param act {@code [n, actSize]}. Not modified.
   * @return {@code [n, 1]}, an internal buffer valid until the next pass
   */
  public DMatrixRMaj forward(DMatrixRMaj obs, DMatrixRMaj act) {
    int n = obs.numRows;
    if (second == null) {
      concatRows(obs, act, n);
      return first.forward(concat);
    }
    DMatrixRMaj h = first.forward(obs);
    concatRows(h, act, n);
    return second.forward(concat);
  }

  private void concatRows(DMatrixRMaj left, DMatrixRMaj right, int n) {
    int lc = left.numCols;
    int rc = right.numCols;
    int w = lc + rc;
    concat.reshape(n, w);
    double[] c = concat.data;
    for (int i = 0; i < n; i++) {
      System.arraycopy(left.data, i * lc, c, i * w, lc);
      System.arraycopy(right.data, i * rc, c, i * w + lc, rc);
    }
  }

  /**
   * Backward pass through the last {@link #forward}.
   *
   * @param gradQ ∂loss/∂Q, {@code [n, 1]}. Not modified.
   * @param wantParamGrads overwrite the parameter gradients (false for an actor update: the
   *     critic's gradients are then left exactly as they were)
   * @param wantActionGrad compute ∂loss/∂a
   * @return ∂loss/∂a {@code [n, actSize]} (internal buffer) when requested, else {@code null}
   */
  public DMatrixRMaj backward(DMatrixRMaj gradQ, boolean wantParamGrads, boolean wantActionGrad) {
    int n = gradQ.numRows;
    if (second == null) {
      DMatrixRMaj gin = first.backward(gradQ, wantParamGrads, wantActionGrad);
      if (!wantActionGrad) {
        return null;
      }
      splitColumns(gin, obsSize, null, n);
      return actionGrad;
    }
    DMatrixRMaj gin = second.backward(gradQ, wantParamGrads, wantParamGrads || wantActionGrad);
    int h = hiddenGrad.numCols;
    splitColumns(gin, h, hiddenGrad, n);
    if (wantParamGrads) {
      first.backward(hiddenGrad, true, false);
    }
    return wantActionGrad ? actionGrad : null;
  }

  private void splitColumns(DMatrixRMaj gin, int leftCols, DMatrixRMaj left, int n) {
    int w = gin.numCols;
    actionGrad.reshape(n, actSize);
    if (left != null) {
      left.reshape(n, leftCols);
    }
    for (int i = 0; i < n; i++) {
      if (left != null) {
        System.arraycopy(gin.data, i * w, left.data, i * leftCols, leftCols);
      }
      System.arraycopy(gin.data, i * w + leftCols, actionGrad.data, i * actSize, actSize);
    }
  }

  /** The network the state (and, in the first-layer layout, the action) enters. */
  Mlp firstPart() {
    return first;
  }

  /** The network after the action joins, or null when the action enters at the first layer. */
  Mlp secondPart() {
    return second;
  }

  /** All weights and biases with their gradients. */
  public Parameters parameters() {
    return parameters;
  }

  /** True when the action enters at the second layer. */
  public boolean actionAtSecondLayer() {
    return actionAtSecondLayer;
  }

  /** Observation width. */
  public int obsSize() {
    return obsSize;
  }

  /** Action width. */
  public int actSize() {
    return actSize;
  }
}
