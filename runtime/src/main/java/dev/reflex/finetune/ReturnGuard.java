package dev.reflex.finetune;

/**
 * Guards learning on the board: it compares the running return of the current actor against the
 * return of the actor learning started from (measured in the same conditions before the first
 * update) and asks for a rollback when the current one falls below the baseline by more than a
 * margin, or when any weight or loss became non-finite.
 *
 * <p>The margin is a fraction of the baseline's magnitude: with baseline −200 and margin 0.2, a
 * running return below −240 rolls back. The running return is an exponential average over episodes
 * so one unlucky episode does not trigger a rollback; it is reset after each rollback.
 *
 * <p>Threading: the learner thread only.
 */
public final class ReturnGuard {
  private final double margin;
  private final double smoothing;
  private final int minEpisodes;
  private double baseline = Double.NaN;
  private double running = Double.NaN;
  private int episodesSinceReset;

  /**
   * @param margin allowed fall as a fraction of |baseline| (e.g. 0.2)
   * @param smoothing weight of a new episode in the running average (e.g. 0.3)
   * @param minEpisodes episodes of the current actor needed before a verdict
   */
  public ReturnGuard(double margin, double smoothing, int minEpisodes) {
    if (!(margin >= 0) || !(smoothing > 0 && smoothing <= 1) || minEpisodes < 1) {
      throw new IllegalArgumentException(
          "return guard needs margin >= 0, smoothing in (0, 1], minEpisodes >= 1");
    }
    this.margin = margin;
    this.smoothing = smoothing;
    this.minEpisodes = minEpisodes;
  }

  /** Records the starting actor's return (mean over its baseline episodes). */
  public void setBaseline(double baselineReturn) {
    baseline = baselineReturn;
  }

  /** True when a baseline has been measured. */
  public boolean hasBaseline() {
    return !Double.isNaN(baseline);
  }

  /** Accounts for an episode of the current actor. */
  public void episode(double episodeReturn) {
    running =
        episodesSinceReset == 0 ? episodeReturn : running + smoothing * (episodeReturn - running);
    episodesSinceReset++;
  }

  /**
   * The verdict after the latest episode or update.
   *
   * @param weightsAndLossesFinite false when any weight or loss is NaN or infinite
   * @return true when the actor must be rolled back to the last good one
   */
  public boolean shouldRollBack(boolean weightsAndLossesFinite) {
    if (!weightsAndLossesFinite) {
      return true;
    }
    if (!hasBaseline() || episodesSinceReset < minEpisodes) {
      return false;
    }
    return running < threshold();
  }

  /** The running return below which a rollback happens. */
  public double threshold() {
    return baseline - margin * Math.abs(baseline);
  }

  /** Forgets the current actor's episodes (after a rollback or an actor swap). */
  public void resetRunning() {
    running = Double.NaN;
    episodesSinceReset = 0;
  }

  /** The running return of the current actor (NaN before its first episode). */
  public double running() {
    return running;
  }

  /** The starting actor's return. */
  public double baseline() {
    return baseline;
  }
}
