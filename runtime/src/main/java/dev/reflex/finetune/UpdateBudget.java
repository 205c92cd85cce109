package dev.reflex.finetune;

/**
 * How many learner updates a poll may run: {@code updatesPerSecond} of wall time when set, else
 * {@code updatesPerTransition} per transition drained; at most {@value #MAX_UPDATES_PER_POLL} per
 * poll and {@code 4 ·} that in reserve. Nothing is earned while updates are not allowed (before
 * {@code min_replay}, paused, evaluating): the reserve is dropped then, and after a rollback.
 *
 * <p>Real-time: allocation-free. Threading: learner thread only.
 */
final class UpdateBudget {
  static final int MAX_UPDATES_PER_POLL = 64;

  private final double updatesPerSecond;
  private final double updatesPerTransition;
  private double budget;
  private long lastPollNs;

  UpdateBudget(double updatesPerSecond, double updatesPerTransition, long nowNs) {
    this.updatesPerSecond = updatesPerSecond;
    this.updatesPerTransition = updatesPerTransition;
    this.lastPollNs = nowNs;
  }

  /** Adds what the time since the last poll, or the records drained in this one, earned. */
  void earn(long nowNs, int drained) {
    if (updatesPerSecond > 0) {
      budget += updatesPerSecond * (nowNs - lastPollNs) * 1e-9;
    } else {
      budget += updatesPerTransition * drained;
    }
    budget = Math.min(budget, 4 * MAX_UPDATES_PER_POLL);
  }

  /** True when one more update may run in a poll that has run {@code updatesThisPoll}. */
  boolean allows(int updatesThisPoll) {
    return budget >= 1 && updatesThisPoll < MAX_UPDATES_PER_POLL;
  }

  /** Accounts for one update run. */
  void spend() {
    budget -= 1;
  }

  /** Drops what is left. */
  void drop() {
    budget = 0;
  }

  /** Ends a poll: time is earned from here. */
  void endPoll(long nowNs) {
    lastPollNs = nowNs;
  }
}
