package dev.reflex.format;

import java.util.Arrays;

/**
 * The physical-unit ends of an actor: observation normalisation and action bounds, and the one
 * place that applies them (the compact actor, the on-board learner and the trainer all call these
 * methods).
 *
 * <p>Normalised observation ({@link #normalise}): {@code clip((obs - obsMean) / obsStd, -obsClip,
 * +obsClip)}. Action from the network output y in [-1, 1] ({@link #unscaleAction}, as
 * Stable-Baselines3's {@code unscale_action}): {@code low + (y + 1) (high - low) / 2}; the actor
 * clamps it to {@code [low, high]} ({@link #unscaleActionClamped}; for a tanh output the clamp only
 * absorbs rounding). Physical action to [-1, 1] ({@link #scaleAction}): {@code clip(2 (a - low) /
 * (high - low) - 1, -1, 1)}.
 *
 * <p>Immutable; accessors return copies. Real-time: the normalise and scale methods are
 * allocation-free; no locks. Threading: any thread.
 */
public final class ActorScaling {
  private final double[] obsMean;
  private final double[] obsStd;
  private final double obsClip;
  private final double[] actionLow;
  private final double[] actionHigh;

  /**
   * Validates and copies the arrays.
   *
   * @param obsMean finite. Not modified.
   * @param obsStd finite and positive, same length as the mean. Not modified.
   * @param obsClip positive, {@link Double#POSITIVE_INFINITY} for no clipping.
   * @param actionLow finite. Not modified.
   * @param actionHigh finite, each above its {@code actionLow}. Not modified.
   * @throws IllegalArgumentException naming the field, index and value.
   */
  public ActorScaling(
      double[] obsMean, double[] obsStd, double obsClip, double[] actionLow, double[] actionHigh) {
    if (obsMean.length != obsStd.length) {
      throw new IllegalArgumentException(
          "obs_mean has " + obsMean.length + " values but obs_std has " + obsStd.length);
    }
    if (actionLow.length != actionHigh.length) {
      throw new IllegalArgumentException(
          "action_low has "
              + actionLow.length
              + " values but action_high has "
              + actionHigh.length);
    }
    for (int i = 0; i < obsMean.length; i++) {
      if (!Double.isFinite(obsMean[i])) {
        throw new IllegalArgumentException(
            "obs_mean[" + i + "] = " + obsMean[i] + " is not finite");
      }
      if (!(obsStd[i] > 0) || !Double.isFinite(obsStd[i])) {
        throw new IllegalArgumentException(
            "obs_std[" + i + "] = " + obsStd[i] + " must be finite and > 0");
      }
    }
    if (!(obsClip > 0)) {
      throw new IllegalArgumentException(
          "obs_clip = " + obsClip + " must be > 0 (Infinity for no clipping)");
    }
    for (int i = 0; i < actionLow.length; i++) {
      if (!Double.isFinite(actionLow[i])
          || !Double.isFinite(actionHigh[i])
          || !(actionLow[i] < actionHigh[i])) {
        throw new IllegalArgumentException(
            "action bounds ["
                + actionLow[i]
                + ", "
                + actionHigh[i]
                + "] at index "
                + i
                + " must be finite with low < high");
      }
    }
    this.obsMean = obsMean.clone();
    this.obsStd = obsStd.clone();
    this.obsClip = obsClip;
    this.actionLow = actionLow.clone();
    this.actionHigh = actionHigh.clone();
  }

  /** No normalisation (mean 0, std 1, no clipping) and actions in [-1, 1]. */
  public static ActorScaling identity(int observationSize, int actionSize) {
    double[] low = new double[actionSize];
    double[] high = new double[actionSize];
    Arrays.fill(low, -1.0);
    Arrays.fill(high, 1.0);
    return withActionBounds(observationSize, low, high);
  }

  /**
   * No observation normalisation (mean 0, std 1, no clipping) and the given action bounds.
   *
   * @param actionLow Not modified.
   * @param actionHigh Not modified.
   */
  public static ActorScaling withActionBounds(
      int observationSize, double[] actionLow, double[] actionHigh) {
    double[] ones = new double[observationSize];
    Arrays.fill(ones, 1.0);
    return new ActorScaling(
        new double[observationSize], ones, Double.POSITIVE_INFINITY, actionLow, actionHigh);
  }

  /** Observation entry {@code i} normalised: {@code clip((obs - mean[i]) / std[i], ±clip)}. */
  public double normalise(int i, double obs) {
    return Math.max(-obsClip, Math.min(obsClip, (obs - obsMean[i]) / obsStd[i]));
  }

  /**
   * Normalises one observation ({@link #normalise(int, double)} per entry).
   *
   * @param obs physical units, length at least {@link #observationSize()}. Not modified.
   * @param out length at least {@link #observationSize()}; may be {@code obs}. Modified.
   */
  public void normalise(double[] obs, double[] out) {
    for (int i = 0; i < obsMean.length; i++) {
      out[i] = normalise(i, obs[i]);
    }
  }

  /** Action entry {@code i} from [-1, 1] to physical units, not clamped. */
  public double unscaleAction(int i, double scaled) {
    double low = actionLow[i];
    double high = actionHigh[i];
    return low + (scaled + 1.0) * (high - low) * 0.5;
  }

  /** {@link #unscaleAction(int, double)} clamped to {@code [low, high]} (NaN stays NaN). */
  public double unscaleActionClamped(int i, double scaled) {
    double low = actionLow[i];
    double high = actionHigh[i];
    return Math.max(low, Math.min(high, low + (scaled + 1.0) * (high - low) * 0.5));
  }

  /**
   * One action from [-1, 1] to physical units ({@link #unscaleAction(int, double)} per entry).
   *
   * @param scaled length at least {@link #actionSize()}. Not modified.
   * @param physicalOut length at least {@link #actionSize()}; may be {@code scaled}. Modified.
   */
  public void unscaleAction(double[] scaled, double[] physicalOut) {
    for (int i = 0; i < actionLow.length; i++) {
      physicalOut[i] = unscaleAction(i, scaled[i]);
    }
  }

  /** Action entry {@code i} from physical units to [-1, 1], clipped there. */
  public double scaleAction(int i, double physical) {
    double low = actionLow[i];
    double high = actionHigh[i];
    return Math.max(-1, Math.min(1, 2 * (physical - low) / (high - low) - 1));
  }

  /**
   * One action from physical units to [-1, 1] ({@link #scaleAction(int, double)} per entry).
   *
   * @param physical length at least {@link #actionSize()}. Not modified.
   * @param scaledOut length at least {@link #actionSize()}; may be {@code physical}. Modified.
   */
  public void scaleAction(double[] physical, double[] scaledOut) {
    for (int i = 0; i < actionLow.length; i++) {
      scaledOut[i] = scaleAction(i, physical[i]);
    }
  }

  /** Length of the observation. */
  public int observationSize() {
    return obsMean.length;
  }

  /** Length of the action. */
  public int actionSize() {
    return actionLow.length;
  }

  /** Observation mean (a copy). */
  public double[] obsMean() {
    return obsMean.clone();
  }

  /** Observation standard deviation (a copy). */
  public double[] obsStd() {
    return obsStd.clone();
  }

  /** Bound on the absolute normalised observation; infinite for none. */
  public double obsClip() {
    return obsClip;
  }

  /** Lower action bounds (a copy). */
  public double[] actionLow() {
    return actionLow.clone();
  }

  /** Upper action bounds (a copy). */
  public double[] actionHigh() {
    return actionHigh.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ActorScaling s
        && Arrays.equals(obsMean, s.obsMean)
        && Arrays.equals(obsStd, s.obsStd)
        && Double.compare(obsClip, s.obsClip) == 0
        && Arrays.equals(actionLow, s.actionLow)
        && Arrays.equals(actionHigh, s.actionHigh);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(
        new int[] {
          Arrays.hashCode(obsMean),
          Arrays.hashCode(obsStd),
          Double.hashCode(obsClip),
          Arrays.hashCode(actionLow),
          Arrays.hashCode(actionHigh)
        });
  }

  @Override
  public String toString() {
    return "ActorScaling{obsMean="
        + Arrays.toString(obsMean)
        + ", obsStd="
        + Arrays.toString(obsStd)
        + ", obsClip="
        + obsClip
        + ", actionLow="
        + Arrays.toString(actionLow)
        + ", actionHigh="
        + Arrays.toString(actionHigh)
        + "}";
  }
}
