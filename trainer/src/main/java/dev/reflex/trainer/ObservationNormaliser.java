package dev.reflex.trainer;

/**
 * Fixed observation normalisation {@code (obs − mean) / std}, the same the exported actor file
 * records in its {@code reflex.obs_mean} and {@code reflex.obs_std} metadata.
 *
 * <p>Real-time: allocation-free. Threading: stateless after construction.
 */
public final class ObservationNormaliser {
  private final double[] mean;
  private final double[] std;

  /** Copies {@code mean} and {@code std} (same length, std > 0). */
  public ObservationNormaliser(double[] mean, double[] std) {
    this.mean = mean.clone();
    this.std = std.clone();
  }

  /**
   * Normalises one observation.
   *
   * @param obs physical units. Not modified.
   * @param out modified (may not be {@code obs}).
   */
  public void normalise(double[] obs, double[] out) {
    for (int i = 0; i < mean.length; i++) {
      out[i] = (obs[i] - mean[i]) / std[i];
    }
  }

  /** The mean (a copy). */
  public double[] mean() {
    return mean.clone();
  }

  /** The std (a copy). */
  public double[] std() {
    return std.clone();
  }
}
