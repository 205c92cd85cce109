package dev.reflex.learning;

/**
 * Exploration noise in the scaled action space [−1, 1], drawn from a seeded generator.
 *
 * <p>Real-time: {@link #sample} is allocation-free. Threading: one thread at a time.
 */
public interface ActionNoise {

  /**
   * Draws one noise vector.
   *
   * @param out one entry per action dimension. Modified.
   */
  void sample(double[] out);

  /** Resets any temporal state (at an episode start). */
  void reset();

  /** The noise's scale (σ). */
  double scale();

  /** Changes the scale (e.g. a remote "set exploration" command). */
  void setScale(double scale);

  /** Temporal state for checkpoints (empty when stateless). Live. */
  double[] state();
}
