package dev.reflex.trainer;

/**
 * Fixed observation normalisation {@code clip((obs − mean) / std, −clip, clip)}, the same the
 * exported actor file records in its {@code reflex.obs_mean}, {@code reflex.obs_std} and {@code
 * reflex.obs_clip} metadata.
 *
 * <p>Real-time: allocation-free. Threading: stateless after construction.
 */
public final class ObservationNormaliser {
  private final double[] mean;
  private final double[] std;
  private final double clip;

  /** Copies {@code mean} and {@code std} (same length, std > 0); {@code clip} > 0 or ∞. */
  public ObservationNormaliser(double[] mean, double[] std, double clip) {
    this.mean = mean.clone();
    this.std = std.clone();
    this.clip = clip;
  }

  /**
   * Normalises one observation.
   *
   * @param obs physical units. Not modified.
   * @param out modified (may not be {@code obs}).
   */
  public void normalise(double[] obs, double[] out) {
    for (int i = 0; i < mean.length; i++) {
      out[i] = Math.max(-clip, Math.min(clip, (obs[i] - mean[i]) / std[i]));
    }
  }

  /** The mean (a copy). */
  public double[] mean() {
    return mean.clone();
  }

  /** The clip bound (∞: none). */
  public double clip() {
    return clip;
  }

  /** The std (a copy). */
  public double[] std() {
    return std.clone();
  }
}
