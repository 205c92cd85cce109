package dev.reflex.policy;

import dev.reflex.format.ActorFile;
import dev.reflex.format.ActorScaling;
import dev.reflex.network.Activation;
import dev.reflex.network.kernel.DenseForwardF32;

/**
 * Float32 inference of an {@link ActorFile}: observation normalisation, the dense layers through a
 * {@link DenseForwardF32} kernel, and scaling of the output to the action bounds.
 *
 * <p>Per call: {@code x = clip((obs - mean) / std, +-clip)} in double ({@link
 * ActorScaling#normalise(int, double)}), rounded to float; each layer {@code y = act(W x + b)} in
 * float; then {@code action = low + (y + 1) (high - low) / 2} in double, clamped to {@code [low,
 * high]} ({@link ActorScaling#unscaleActionClamped}).
 *
 * <p>The weights live in an {@link ActorWeights} buffer that {@link #setWeights} swaps by
 * reference, so the on-board learner can publish new weights without allocation: it fills an idle
 * buffer from {@link #newWeights()} and the control thread swaps it in between two ticks.
 *
 * <p>Real-time: {@link #act} and {@link #setWeights} are allocation-free, lock-free, no I/O (all
 * buffers are allocated by the constructor). Threading: control thread only.
 */
public final class CompactActor implements Policy {
  private final DenseForwardF32 kernel;
  private final int[] sizes;
  private final Activation[] activations;
  private final ActorScaling scaling;
  private final float[][] activationsBuf;
  private ActorWeights weights;

  /** An actor with the fastest kernel ({@link DenseForwardF32#best()}). */
  public CompactActor(ActorFile file) {
    this(file, DenseForwardF32.best());
  }

  /** An actor computing its layers with {@code kernel}. */
  public CompactActor(ActorFile file, DenseForwardF32 kernel) {
    this.kernel = kernel;
    this.sizes = file.layerSizes();
    this.activations = file.activations();
    this.scaling = file.scaling();
    this.activationsBuf = new float[sizes.length][];
    for (int k = 0; k < sizes.length; k++) {
      activationsBuf[k] = new float[sizes[k]];
    }
    this.weights = new ActorWeights(sizes, kernel);
    weights.copyFrom(file.allWeights(), file.allBiases());
  }

  @Override
  public int observationSize() {
    return sizes[0];
  }

  @Override
  public int actionSize() {
    return sizes[sizes.length - 1];
  }

  /**
   * Computes the action for one observation.
   *
   * @param observation length {@link #observationSize()}, physical units. Not modified.
   * @param actionOut length {@link #actionSize()}, within the action bounds (NaN in, NaN out).
   *     Modified.
   */
  @Override
  public void act(double[] observation, double[] actionOut) {
    float[] x = activationsBuf[0];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) scaling.normalise(i, observation[i]);
    }
    ActorWeights w = weights;
    for (int k = 0; k < activations.length; k++) {
      kernel.forward(
          w.packed[k],
          w.biases[k],
          sizes[k],
          sizes[k + 1],
          activations[k],
          activationsBuf[k],
          activationsBuf[k + 1]);
    }
    float[] y = activationsBuf[activations.length];
    for (int j = 0; j < y.length; j++) {
      actionOut[j] = scaling.unscaleActionClamped(j, y[j]);
    }
  }

  /** The kernel computing the layers. */
  public DenseForwardF32 kernel() {
    return kernel;
  }

  /** The weights currently in use (the learner must not write to this buffer). */
  public ActorWeights weights() {
    return weights;
  }

  /**
   * A new buffer compatible with this actor, holding a copy of the current weights. Allocates: call
   * at start-up (the learner keeps two and alternates).
   */
  public ActorWeights newWeights() {
    ActorWeights copy = new ActorWeights(sizes, kernel);
    copy.copyFrom(weights);
    return copy;
  }

  /**
   * Uses {@code next} from the next {@link #act} on (a reference swap; call between ticks).
   *
   * @param next a buffer from {@link #newWeights()} or otherwise compatible; the caller must not
   *     modify it while this actor uses it. Not modified.
   * @throws IllegalArgumentException if {@code next} has another layout or kernel.
   */
  public void setWeights(ActorWeights next) {
    if (!weights.isCompatibleWith(next)) {
      throw new IllegalArgumentException("weights of another layout or kernel");
    }
    weights = next;
  }
}
