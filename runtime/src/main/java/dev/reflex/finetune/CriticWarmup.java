package dev.reflex.finetune;

import dev.reflex.network.Optimizer;

/**
 * The start of learning from an actor alone (a fresh critic): critic-only updates until the critic
 * fits what the starting actor does, then small actor steps that grow to the configured rate.
 *
 * <ul>
 *   <li><b>Warm-up</b>: at least {@code minUpdates} critic-only updates; with a settle tolerance,
 *       more until the critic's TD loss settles — the mean loss of a window of {@value #WINDOW}
 *       updates within {@code settleTolerance} (relative) of the previous window's — and at most
 *       {@code 3 · minUpdates}. An actor step on a critic whose ∂Q/∂a is still noise is a random
 *       step.
 *   <li><b>Ramp</b>: over the first {@code rampUpdates} learner updates after the warm-up the
 *       actor's learning rate rises linearly from {@value #RAMP_START} of its configured value to
 *       all of it: a trust region by step size while the critic learns what the moving actor does.
 * </ul>
 *
 * <p>Real-time: allocation-free. Threading: learner thread.
 */
final class CriticWarmup {
  static final int WINDOW = 250;
  static final double RAMP_START = 0.1;

  private final long minUpdates;
  private final double settleTolerance;
  private final long rampUpdates;
  private long updates;
  private boolean done;
  private double windowSum;
  private int windowCount;
  private double previousWindowMean = Double.NaN;
  private long rampDone;
  private double baseLr = Double.NaN;

  /**
   * @param minUpdates critic-only updates at least (0: none)
   * @param settleTolerance relative change of the windowed TD loss that counts as settled (0: stop
   *     after {@code minUpdates})
   * @param rampUpdates learner updates over which the actor's rate ramps up (0: full rate at once)
   */
  CriticWarmup(long minUpdates, double settleTolerance, long rampUpdates) {
    if (minUpdates < 0 || !(settleTolerance >= 0) || rampUpdates < 0) {
      throw new IllegalArgumentException(
          "critic warm-up needs updates >= 0, settle tolerance >= 0 and ramp >= 0, got "
              + minUpdates
              + ", "
              + settleTolerance
              + ", "
              + rampUpdates);
    }
    this.minUpdates = minUpdates;
    this.settleTolerance = settleTolerance;
    this.rampUpdates = rampUpdates;
    done = minUpdates == 0;
  }

  /** Skips warm-up and ramp (resumed from a checkpoint whose critic knows the actor). */
  void skip() {
    done = true;
    rampDone = rampUpdates;
  }

  /** True once the actor may learn. */
  boolean done() {
    return done;
  }

  /** Critic-only updates run so far. */
  long updates() {
    return updates;
  }

  /**
   * Accounts for one critic-only update (critic-only updates go on after the warm-up until the
   * baseline is measured).
   *
   * @return true when this update ended the warm-up (once)
   */
  boolean criticUpdated(double criticLoss) {
    boolean wasDone = done;
    updates++;
    windowSum += criticLoss;
    windowCount++;
    boolean settled = settleTolerance == 0;
    if (windowCount == WINDOW) {
      double mean = windowSum / WINDOW;
      settled |=
          Double.isFinite(previousWindowMean)
              && Math.abs(mean - previousWindowMean) <= settleTolerance * previousWindowMean;
      previousWindowMean = mean;
      windowSum = 0;
      windowCount = 0;
    } else if (settleTolerance > 0) {
      settled = false;
    }
    if (updates >= 3 * minUpdates || (updates >= minUpdates && settled)) {
      done = true;
    }
    return done && !wasDone;
  }

  /**
   * Sets the actor's learning rate for the next learner update (call only after {@link #done}).
   *
   * @param actorOptimizer its rate is set. Modified.
   */
  void beforeActorUpdate(Optimizer actorOptimizer) {
    if (Double.isNaN(baseLr)) {
      baseLr = actorOptimizer.learningRate();
    }
    if (rampDone >= rampUpdates) {
      if (rampUpdates > 0 && rampDone == rampUpdates) {
        actorOptimizer.setLearningRate(baseLr);
        rampDone++;
      }
      return;
    }
    double f = RAMP_START + (1 - RAMP_START) * rampDone / (double) rampUpdates;
    actorOptimizer.setLearningRate(baseLr * f);
    rampDone++;
  }
}
