package dev.reflex.finetune;

/**
 * Guards learning on the board. It tracks the running return of the current actor against the
 * return of the actor learning started from (measured in the same conditions, exploration included,
 * before the first actor update) and against the best running return seen since; it asks for a
 * rollback to the last good actor when the running return falls below the better of the two by more
 * than a margin, or when any weight or loss became non-finite.
 *
 * <p>The margin is a fraction of the reference's magnitude: with reference −200 and margin 0.2, a
 * running return below −240 rolls back. The running return is an exponential average over episodes
 * so one unlucky episode neither triggers a rollback nor sets a new best; it restarts after each
 * rollback. The caller captures the actor as "last good" whenever {@link #episode} reports a new
 * best, so a rollback returns to the best actor seen, never below the starting one.
 *
 * <p>With evaluation phases ({@link #evaluation}) the guard judges noise-free evaluations instead
 * of the running return of exploring episodes: the sharper verdict the board can afford when it can
 * spare a few episodes without learning.
 *
 * <p>Threading: the learner thread only.
 */
public final class ReturnGuard {
  private final double margin;
  private final double smoothing;
  private final int minEpisodes;
  private double baseline = Double.NaN;
  private double best = Double.NaN;
  private double running = Double.NaN;
  private int episodesSinceReset;

  /**
   * @param margin allowed fall as a fraction of |reference| (e.g. 0.2)
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

  /** Records the starting actor's return (mean over its baseline episodes); also the first best. */
  public void setBaseline(double baselineReturn) {
    baseline = baselineReturn;
    best = baselineReturn;
  }

  /** True when a baseline has been measured. */
  public boolean hasBaseline() {
    return !Double.isNaN(baseline);
  }

  /**
   * Accounts for an episode of the current actor.
   *
   * @return true when the running return is a new best (the caller keeps this actor as last good)
   */
  public boolean episode(double episodeReturn) {
    running =
        episodesSinceReset == 0 ? episodeReturn : running + smoothing * (episodeReturn - running);
    episodesSinceReset++;
    if (hasBaseline() && episodesSinceReset >= minEpisodes && running > best) {
      best = running;
      return true;
    }
    return false;
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

  /** What an evaluation of the current actor means for it. */
  public enum Verdict {
    /** Better than every actor evaluated before: keep it as the last good one. */
    BEST,
    /** Not better, but within the margin: go on learning from it. */
    KEEP,
    /** Below the best by more than the margin: roll back to the last good actor. */
    ROLL_BACK
  }

  /**
   * Judges the mean return of noise-free evaluation episodes of the current actor (the evaluating
   * guard: no running average, the evaluation is already averaged and free of exploration noise).
   *
   * @throws IllegalStateException before the baseline was set
   */
  public Verdict evaluation(double meanReturn) {
    if (!hasBaseline()) {
      throw new IllegalStateException("evaluation before the baseline was measured");
    }
    if (meanReturn > best) {
      best = meanReturn;
      return Verdict.BEST;
    }
    return meanReturn < threshold() ? Verdict.ROLL_BACK : Verdict.KEEP;
  }

  /** The running return below which a rollback happens: the best seen minus the margin. */
  public double threshold() {
    return best - margin * Math.abs(best);
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

  /** The best running return seen (the starting actor's at first). */
  public double best() {
    return best;
  }
}
