package dev.reflex.learning;

import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;

/**
 * A ring of transitions on preallocated primitive arrays (no object per transition), sampled
 * uniformly. It keeps time-limit truncation apart from true termination: only a terminated
 * transition stops the bootstrap; a truncated one still bootstraps from its next observation.
 *
 * <p>Storage is double, or float32 ({@link #float32}) for a float32 learner: half the memory, and
 * {@link #sample(int, RandomGenerator, float[], float[], float[], float[], float[])} copies rows
 * straight into the learner's float32 batch. Rounding when storing gives the same floats as
 * rounding the double batch when sampling, so a float32 learner trains bit for bit the same on
 * either buffer; the double {@link #sample} widens (exactly).
 *
 * <p>Real-time: {@link #add} and both {@code sample} methods are allocation-free. Threading: one
 * thread at a time.
 */
public final class ReplayBuffer {
  private final int capacity;
  private final int obsSize;
  private final int actSize;
  private final double[] obs;
  private final double[] act;
  private final double[] reward;
  private final double[] nextObs;
  private final float[] obsF;
  private final float[] actF;
  private final float[] rewardF;
  private final float[] nextObsF;
  private final boolean[] terminated;
  private final boolean[] truncated;
  private int next;
  private int size;
  private long added;

  /** A buffer of {@code capacity} transitions, stored in double. */
  public ReplayBuffer(int capacity, int obsSize, int actSize) {
    this(capacity, obsSize, actSize, false);
  }

  /** A buffer of {@code capacity} transitions stored in float32 (for a float32 learner). */
  public static ReplayBuffer float32(int capacity, int obsSize, int actSize) {
    return new ReplayBuffer(capacity, obsSize, actSize, true);
  }

  private ReplayBuffer(int capacity, int obsSize, int actSize, boolean f32) {
    if (capacity < 1) {
      throw new IllegalArgumentException("replay capacity must be >= 1: " + capacity);
    }
    this.capacity = capacity;
    this.obsSize = obsSize;
    this.actSize = actSize;
    obs = f32 ? null : new double[capacity * obsSize];
    act = f32 ? null : new double[capacity * actSize];
    reward = f32 ? null : new double[capacity];
    nextObs = f32 ? null : new double[capacity * obsSize];
    obsF = f32 ? new float[capacity * obsSize] : null;
    actF = f32 ? new float[capacity * actSize] : null;
    rewardF = f32 ? new float[capacity] : null;
    nextObsF = f32 ? new float[capacity * obsSize] : null;
    terminated = new boolean[capacity];
    truncated = new boolean[capacity];
  }

  /** True when the transitions are stored in float32. */
  public boolean isFloat32() {
    return obsF != null;
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
    if (obsF != null) {
      round(o, obsF, next * obsSize, obsSize);
      round(a, actF, next * actSize, actSize);
      rewardF[next] = (float) r;
      round(nextO, nextObsF, next * obsSize, obsSize);
    } else {
      System.arraycopy(o, 0, obs, next * obsSize, obsSize);
      System.arraycopy(a, 0, act, next * actSize, actSize);
      reward[next] = r;
      System.arraycopy(nextO, 0, nextObs, next * obsSize, obsSize);
    }
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
      if (obsF != null) {
        widen(obsF, j * obsSize, outObs.data, i * obsSize, obsSize);
        widen(actF, j * actSize, outAct.data, i * actSize, actSize);
        outReward.data[i] = rewardF[j];
        widen(nextObsF, j * obsSize, outNextObs.data, i * obsSize, obsSize);
      } else {
        System.arraycopy(obs, j * obsSize, outObs.data, i * obsSize, obsSize);
        System.arraycopy(act, j * actSize, outAct.data, i * actSize, actSize);
        outReward.data[i] = reward[j];
        System.arraycopy(nextObs, j * obsSize, outNextObs.data, i * obsSize, obsSize);
      }
      notDone.data[i] = terminated[j] ? 0 : 1;
    }
  }

  /**
   * As {@link #sample(int, RandomGenerator, DMatrixRMaj, DMatrixRMaj, DMatrixRMaj, DMatrixRMaj,
   * DMatrixRMaj)} (the same draws from {@code rng}), into float32 row-major arrays of at least
   * {@code n} rows; a double buffer's values are rounded.
   */
  public void sample(
      int n,
      RandomGenerator rng,
      float[] outObs,
      float[] outAct,
      float[] outReward,
      float[] outNextObs,
      float[] notDone) {
    if (size == 0) {
      throw new IllegalStateException("cannot sample an empty replay buffer");
    }
    for (int i = 0; i < n; i++) {
      int j = rng.nextInt(size);
      if (obsF != null) {
        System.arraycopy(obsF, j * obsSize, outObs, i * obsSize, obsSize);
        System.arraycopy(actF, j * actSize, outAct, i * actSize, actSize);
        outReward[i] = rewardF[j];
        System.arraycopy(nextObsF, j * obsSize, outNextObs, i * obsSize, obsSize);
      } else {
        round(obs, j * obsSize, outObs, i * obsSize, obsSize);
        round(act, j * actSize, outAct, i * actSize, actSize);
        outReward[i] = (float) reward[j];
        round(nextObs, j * obsSize, outNextObs, i * obsSize, obsSize);
      }
      notDone[i] = terminated[j] ? 0 : 1;
    }
  }

  private static void round(double[] src, float[] dst, int at, int count) {
    for (int k = 0; k < count; k++) {
      dst[at + k] = (float) src[k];
    }
  }

  private static void round(double[] src, int from, float[] dst, int at, int count) {
    for (int k = 0; k < count; k++) {
      dst[at + k] = (float) src[from + k];
    }
  }

  private static void widen(float[] src, int from, double[] dst, int at, int count) {
    for (int k = 0; k < count; k++) {
      dst[at + k] = src[from + k];
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

  // Raw storage for checkpoints (live arrays; the double ones are null in a float32 buffer and the
  // float32 ones in a double buffer).
  float[] obsDataF32() {
    return obsF;
  }

  float[] actDataF32() {
    return actF;
  }

  float[] rewardDataF32() {
    return rewardF;
  }

  float[] nextObsDataF32() {
    return nextObsF;
  }

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
