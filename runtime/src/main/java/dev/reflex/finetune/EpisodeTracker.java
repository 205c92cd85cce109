package dev.reflex.finetune;

/**
 * Cuts the board's endless stream of ticks into episodes: by a time limit (truncation: the last
 * transition still bootstraps) or by a condition on a signal (termination: it does not), followed
 * by a reset routine during which the safe action is held for a number of ticks and no transitions
 * are learned from.
 *
 * <p>Real-time: allocation-free. Threading: the learner thread only.
 */
public final class EpisodeTracker {
  /** The transition continues the episode. */
  public static final int CONTINUE = 0;

  /** The time limit was reached: the transition is truncated (still bootstraps). */
  public static final int TRUNCATED = 1;

  /** The termination condition held: the transition is terminal. */
  public static final int TERMINATED = 2;

  private final long limitTicks;
  private final int conditionSignal;
  private final double conditionMin;
  private final double conditionMax;
  private final int resetTicks;
  private long ticksInEpisode;
  private int resetLeft;
  private long episodes;
  private double episodeReturn;
  private double lastReturn = Double.NaN;

  /**
   * @param limitTicks episode length in ticks (≤ 0: no time limit)
   * @param conditionSignal observation index whose leaving [min, max] terminates the episode, or −1
   * @param resetTicks ticks of safe action after an episode ends (0: none)
   */
  public EpisodeTracker(
      long limitTicks,
      int conditionSignal,
      double conditionMin,
      double conditionMax,
      int resetTicks) {
    this.limitTicks = limitTicks;
    this.conditionSignal = conditionSignal;
    this.conditionMin = conditionMin;
    this.conditionMax = conditionMax;
    this.resetTicks = resetTicks;
  }

  /**
   * Accounts for one transition.
   *
   * @param nextObs the observation after the transition. Not modified.
   * @param reward its reward
   * @return {@link #CONTINUE}, {@link #TRUNCATED} or {@link #TERMINATED}
   */
  public int step(double[] nextObs, double reward) {
    ticksInEpisode++;
    episodeReturn += reward;
    int outcome = CONTINUE;
    if (conditionSignal >= 0) {
      double x = nextObs[conditionSignal];
      if (x < conditionMin || x > conditionMax) {
        outcome = TERMINATED;
      }
    }
    if (outcome == CONTINUE && limitTicks > 0 && ticksInEpisode >= limitTicks) {
      outcome = TRUNCATED;
    }
    if (outcome != CONTINUE) {
      lastReturn = episodeReturn;
      episodes++;
      episodeReturn = 0;
      ticksInEpisode = 0;
      resetLeft = resetTicks;
    }
    return outcome;
  }

  /**
   * The plant reset itself (its own episode boundary, e.g. a test rig that puts the pendulum back):
   * ends the current episode as truncated when it has any transition, and cancels a reset routine
   * still running (the plant has been reset already).
   *
   * @return true when an episode ended (its return is {@link #lastReturn})
   */
  public boolean endByPlant() {
    resetLeft = 0;
    if (ticksInEpisode == 0) {
      return false;
    }
    lastReturn = episodeReturn;
    episodes++;
    episodeReturn = 0;
    ticksInEpisode = 0;
    return true;
  }

  /**
   * True while the reset routine runs; each call consumes one tick of it. Transitions during a
   * reset are not learned from.
   */
  public boolean consumeResetTick() {
    if (resetLeft > 0) {
      resetLeft--;
      return true;
    }
    return false;
  }

  /** True while the reset routine has ticks left. */
  public boolean resetting() {
    return resetLeft > 0;
  }

  /** Episodes completed. */
  public long episodes() {
    return episodes;
  }

  /** Return of the last completed episode (NaN before the first). */
  public double lastReturn() {
    return lastReturn;
  }

  /** Return accumulated so far in the current episode. */
  public double currentReturn() {
    return episodeReturn;
  }
}
