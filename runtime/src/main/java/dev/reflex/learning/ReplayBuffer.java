package dev.reflex.learning;

import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;

/**
 * A ring of transitions on preallocated primitive arrays (no object per transition), sampled
 * uniformly. It keeps time-limit truncation apart from true termination: only a terminated
 * transition stops the bootstrap; a truncated one still bootstraps from its next observation.
 *
 * <p>Real-time: {@link #add} and {@link #sample} are allocation-free. Threading: one thread at a
 * time.
 */
public final class ReplayBuffer {
  private final int capacity;
  private final int obsSize;
  private final int actSize;
  private final double[] obs;
  private final double[] act;
  private final double[] reward;
  private final double[] nextObs;
  private final boolean[] terminated;
  private final boolean[] truncated;
  private int next;
  private int size;
  private long added;

  /** A buffer of {@code capacity} transitions. */
  public ReplayBuffer(int capacity, int obsSize, int actSize) {
    if (capacity < 1) {
      throw new IllegalArgumentException("replay capacity must be >= 1: " + capacity);
    }
    this.capacity = capacity;
    this.obsSize = obsSize;
    this.actSize = actSize;
    obs = new double[capacity * obsSize];
    act = new double[capacity * actSize];
    reward = new double[capacity];
    nextObs = new double[capacity * obsSize];
    terminated = new boolean[capacity];
    truncated = new boolean[capacity];
  }

  /**
   * Stores one transition, overwriting the oldest when full.
   *
   * @param o observation. Not modified.
   * @param a action applied, scaled to [−1, 1]. Not modified.
   * @param nextO next observation. Not modified.
   * @param isTerminated true end of the task (no bootstrap)
   * @param isTruncated time limit or reset without a terminal state (still bootstraps)
   */
  public void add(
      double[] o, double[] a, double r, double[] nextO, boolean isTerminated, boolean isTruncated) {
    System.arraycopy(o, 0, obs, next * obsSize, obsSize);
    System.arraycopy(a, 0, act, next * actSize, actSize);
    reward[next] = r;
    System.arraycopy(nextO, 0, nextObs, next * obsSize, obsSize);
    terminated[next] = isTerminated;
    truncated[next] = isTruncated;
    next = (next + 1) % capacity;
    if (size < capacity) {
      size++;
    }
    added++;
  }

  /**
   * Draws {@code n} transitions uniformly with replacement into the given matrices, which are
   * reshaped to {@code n} rows.
   *
   * @param notDone {@code 1 − terminated} per row. Modified (as are all the outputs).
   */
  public void sample(
      int n,
      RandomGenerator rng,
      DMatrixRMaj outObs,
      DMatrixRMaj outAct,
      DMatrixRMaj outReward,
      DMatrixRMaj outNextObs,
      DMatrixRMaj notDone) {
    if (size == 0) {
      throw new IllegalStateException("cannot sample an empty replay buffer");
    }
    outObs.reshape(n, obsSize);
    outAct.reshape(n, actSize);
    outReward.reshape(n, 1);
    outNextObs.reshape(n, obsSize);
    notDone.reshape(n, 1);
    for (int i = 0; i < n; i++) {
      int j = rng.nextInt(size);
      System.arraycopy(obs, j * obsSize, outObs.data, i * obsSize, obsSize);
      System.arraycopy(act, j * actSize, outAct.data, i * actSize, actSize);
      outReward.data[i] = reward[j];
      System.arraycopy(nextObs, j * obsSize, outNextObs.data, i * obsSize, obsSize);
      notDone.data[i] = terminated[j] ? 0 : 1;
    }
  }

  /** Number of transitions held. */
  public int size() {
    return size;
  }

  /** Maximum number of transitions. */
  public int capacity() {
    return capacity;
  }

  /** Transitions added since creation (or restore). */
  public long added() {
    return added;
  }

  /** Observation width. */
  public int obsSize() {
    return obsSize;
  }

  /** Action width. */
  public int actSize() {
    return actSize;
  }

  /** Index the next transition will be written at. */
  public int writeIndex() {
    return next;
  }

  // Raw storage for checkpoints (live arrays).
  double[] obsData() {
    return obs;
  }

  double[] actData() {
    return act;
  }

  double[] rewardData() {
    return reward;
  }

  double[] nextObsData() {
    return nextObs;
  }

  boolean[] terminatedData() {
    return terminated;
  }

  boolean[] truncatedData() {
    return truncated;
  }

  void restoreCursor(int writeIndex, int filled, long totalAdded) {
    next = writeIndex;
    size = filled;
    added = totalAdded;
  }
}
