package dev.reflex.finetune;

import dev.reflex.learning.ActionNoise;
import dev.reflex.learning.GaussianNoise;
import dev.reflex.learning.OrnsteinUhlenbeckNoise;
import dev.reflex.network.Rng;

/**
 * Bounded exploration on hardware, shared by the control thread's exploring policies: the learning
 * package's {@link ActionNoise} (Gaussian or Ornstein–Uhlenbeck, in the scaled action space [−1,
 * 1]) with a configured scale and a hard cap on its magnitude, only inside a safe region of the
 * observation, and a remote switch that stops it at once.
 *
 * <p>Real-time: {@link #perturb} is allocation-free and lock-free. Threading: {@link #perturb} on
 * the control thread; {@link #setEnabled} and {@link #setScale} from any thread (volatile).
 */
public final class Exploration {
  private final ActionNoise noise;
  private final double[] noiseDraw;
  private final double cap;
  private final double[] safeMin;
  private final double[] safeMax;
  private volatile double scale;
  private volatile boolean enabled = true;
  private volatile boolean suspended;
  private long explored;
  private long suppressed;

  /**
   * @param actSize action dimensions
   * @param ornsteinUhlenbeck OU noise (θ = {@code theta}, dt = 1) instead of Gaussian
   * @param scale initial σ, scaled action units
   * @param cap largest |noise| per entry, scaled action units
   * @param safeMin per observation entry, the lower edge of the region where exploring is allowed
   *     (−∞ for none); null for no region
   * @param safeMax per observation entry, the upper edge; null for no region
   */
  public Exploration(
      int actSize,
      boolean ornsteinUhlenbeck,
      double theta,
      double scale,
      double cap,
      double[] safeMin,
      double[] safeMax,
      long seed) {
    if (!(scale >= 0) || !(cap >= 0)) {
      throw new IllegalArgumentException("exploration scale and cap must be >= 0");
    }
    Rng rng = new Rng(seed);
    this.noise =
        ornsteinUhlenbeck
            ? new OrnsteinUhlenbeckNoise(actSize, theta, scale, 1.0, rng)
            : new GaussianNoise(scale, rng);
    this.noiseDraw = new double[actSize];
    this.scale = scale;
    this.cap = cap;
    this.safeMin = safeMin == null ? null : safeMin.clone();
    this.safeMax = safeMax == null ? null : safeMax.clone();
  }

  /**
   * Adds noise to an action in place, when exploring is on and the observation is inside the safe
   * region; otherwise leaves it unchanged.
   *
   * @param observation not modified
   * @param action physical units. Modified.
   * @param low the action's physical lower bounds. Not modified.
   * @param high the action's physical upper bounds. Not modified.
   * @return true when noise was added
   */
  public boolean perturb(double[] observation, double[] action, double[] low, double[] high) {
    double s = scale;
    if (!enabled || suspended || s == 0 || !insideSafeRegion(observation)) {
      if (enabled && !suspended && s != 0) {
        suppressed++;
      }
      return false;
    }
    // The volatile scale is handed to the noise here, on the control thread that owns it.
    noise.setScale(s);
    noise.sample(noiseDraw);
    for (int i = 0; i < action.length; i++) {
      double n = Math.max(-cap, Math.min(cap, noiseDraw[i]));
      double half = 0.5 * (high[i] - low[i]);
      action[i] = Math.max(low[i], Math.min(high[i], action[i] + n * half));
    }
    explored++;
    return true;
  }

  private boolean insideSafeRegion(double[] observation) {
    if (safeMin == null) {
      return true;
    }
    for (int i = 0; i < safeMin.length; i++) {
      double x = observation[i];
      if (x < safeMin[i] || x > safeMax[i]) {
        return false;
      }
    }
    return true;
  }

  /** Turns exploring on or off (the remote switch). */
  public void setEnabled(boolean on) {
    enabled = on;
  }

  /**
   * Suspends exploring while the learner evaluates its actor without noise; independent of the
   * remote switch, which it neither reads nor changes. Any thread.
   */
  public void setSuspended(boolean on) {
    suspended = on;
  }

  /** True while an evaluation suspends exploring. */
  public boolean suspended() {
    return suspended;
  }

  /** True when exploring is on. */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Sets σ.
   *
   * @throws IllegalArgumentException when outside [0, cap]
   */
  public void setScale(double sigma) {
    if (!(sigma >= 0 && sigma <= cap)) {
      throw new IllegalArgumentException(
          "exploration scale " + sigma + " outside [0, " + cap + "] (the configured cap)");
    }
    scale = sigma;
  }

  /** The current σ. */
  public double scale() {
    return scale;
  }

  /** The configured cap. */
  public double cap() {
    return cap;
  }

  /** Ticks with noise added. */
  public long explored() {
    return explored;
  }

  /** Ticks where noise was due but the observation was outside the safe region. */
  public long suppressed() {
    return suppressed;
  }
}
