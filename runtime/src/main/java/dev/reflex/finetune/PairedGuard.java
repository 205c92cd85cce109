package dev.reflex.finetune;

/**
 * The evaluating guard's verdict from paired evaluation episodes: each pair is one noise-free
 * episode of the incumbent (the best actor so far, the starting one at first) and one of the
 * candidate (the learner's current actor), from the same reset state where the plant can be put in
 * one, else back to back. On the differences {@code dᵢ = candidateᵢ − incumbentᵢ} of {@code n}
 * pairs it runs one-sided paired t-tests with {@code n − 1} degrees of freedom:
 *
 * <ul>
 *   <li><b>promote</b> when {@code mean(d) / (sd(d)/√n) > t(1 − promoteLevel)}: the candidate is
 *       better with evidence at that level; it becomes the incumbent;
 *   <li><b>roll back</b> when {@code mean(d) / (sd(d)/√n) < −t(1 − rollbackLevel)}: the candidate
 *       is worse with evidence at that level; the actor goes back to the incumbent;
 *   <li><b>keep</b> otherwise: no evidence either way, learning goes on from the candidate.
 * </ul>
 *
 * <p>When candidate and incumbent do equally well, each test fires with at most its level's
 * probability (exactly that for normal differences): a false promotion at {@code promoteLevel}, a
 * false rollback at {@code rollbackLevel}. Identical returns on every pair ({@code sd = 0}) promote
 * or roll back only when the mean difference is non-zero.
 *
 * <p>Real-time: {@link #add} and {@link #verdict} are allocation-free. Threading: learner thread.
 */
public final class PairedGuard {
  /** What a paired evaluation means for the candidate. */
  public enum Verdict {
    /** Better than the incumbent with evidence: it becomes the incumbent. */
    PROMOTE,
    /** No evidence either way: go on learning from it. */
    KEEP,
    /** Worse than the incumbent with evidence: back to the incumbent. */
    ROLL_BACK
  }

  private final double promoteLevel;
  private final double rollbackLevel;
  private final double[] promoteCritical;
  private final double[] rollbackCritical;
  private final double[] diff;
  private int n;
  private double lastT = Double.NaN;

  /**
   * @param maxPairs the most pairs one evaluation may hold (at least 2: one pair has no variance)
   * @param promoteLevel one-sided level of the promotion test, in (0, 0.5]
   * @param rollbackLevel one-sided level of the rollback test, in (0, 0.5]
   */
  public PairedGuard(int maxPairs, double promoteLevel, double rollbackLevel) {
    if (maxPairs < 2
        || !(promoteLevel > 0 && promoteLevel <= 0.5)
        || !(rollbackLevel > 0 && rollbackLevel <= 0.5)) {
      throw new IllegalArgumentException(
          "paired guard needs at least 2 pairs and levels in (0, 0.5], got "
              + maxPairs
              + " pairs, promote level "
              + promoteLevel
              + ", rollback level "
              + rollbackLevel);
    }
    this.promoteLevel = promoteLevel;
    this.rollbackLevel = rollbackLevel;
    promoteCritical = new double[maxPairs + 1];
    rollbackCritical = new double[maxPairs + 1];
    for (int k = 2; k <= maxPairs; k++) {
      promoteCritical[k] = StudentT.quantile(1 - promoteLevel, k - 1);
      rollbackCritical[k] = StudentT.quantile(1 - rollbackLevel, k - 1);
    }
    diff = new double[maxPairs];
  }

  /** Forgets the pairs (a new evaluation starts). */
  public void clear() {
    n = 0;
  }

  /**
   * Adds one pair's returns.
   *
   * @throws IllegalStateException when the evaluation already holds {@code maxPairs} pairs
   */
  public void add(double incumbentReturn, double candidateReturn) {
    if (n == diff.length) {
      throw new IllegalStateException("paired evaluation holds " + n + " pairs already");
    }
    diff[n++] = candidateReturn - incumbentReturn;
  }

  /** Pairs added since {@link #clear}. */
  public int pairs() {
    return n;
  }

  /**
   * The verdict on the pairs added so far.
   *
   * @throws IllegalStateException with fewer than 2 pairs
   */
  public Verdict verdict() {
    if (n < 2) {
      throw new IllegalStateException("a paired test needs at least 2 pairs, has " + n);
    }
    double mean = meanDifference();
    double ss = 0;
    for (int i = 0; i < n; i++) {
      ss += (diff[i] - mean) * (diff[i] - mean);
    }
    double se = Math.sqrt(ss / (n - 1) / n);
    if (!(se > 1e-12 * Math.max(1, Math.abs(mean)))) {
      lastT = mean == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, mean);
    } else {
      lastT = mean / se;
    }
    if (lastT > promoteCritical[n]) {
      return Verdict.PROMOTE;
    }
    if (lastT < -rollbackCritical[n]) {
      return Verdict.ROLL_BACK;
    }
    return Verdict.KEEP;
  }

  /** Mean of candidate − incumbent over the pairs so far. */
  public double meanDifference() {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += diff[i];
    }
    return s / n;
  }

  /** The t statistic of the latest {@link #verdict} (NaN before the first). */
  public double lastT() {
    return lastT;
  }

  /** One-sided level of the promotion test. */
  public double promoteLevel() {
    return promoteLevel;
  }

  /** One-sided level of the rollback test. */
  public double rollbackLevel() {
    return rollbackLevel;
  }
}
