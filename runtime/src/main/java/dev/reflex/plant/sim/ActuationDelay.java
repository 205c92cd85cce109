package dev.reflex.plant.sim;

/**
 * A fixed delay of whole steps between the commanded and the applied action: a preallocated ring of
 * past actions. With a delay of {@code d} steps, the action applied at step {@code k} is the one
 * commanded at step {@code k - d}; before that, zeros.
 *
 * <p>Real-time: {@link #push} is allocation-free. Threading: one thread at a time.
 */
public final class ActuationDelay {
  /** Largest delay, in steps, that a plant accepts. */
  public static final int MAX_DELAY_STEPS = 100;

  private final int actionSize;
  private final double[] ring;
  private int delaySteps;
  private int head;

  /** A zero-step delay for actions of {@code actionSize} entries. */
  public ActuationDelay(int actionSize) {
    this.actionSize = actionSize;
    this.ring = new double[(MAX_DELAY_STEPS + 1) * actionSize];
  }

  /**
   * Sets the delay and clears the history.
   *
   * @param delaySteps in [0, {@link #MAX_DELAY_STEPS}]
   */
  public void setDelaySteps(int delaySteps) {
    if (delaySteps < 0 || delaySteps > MAX_DELAY_STEPS) {
      throw new IllegalArgumentException(
          "actuation_delay_steps " + delaySteps + " out of range [0, " + MAX_DELAY_STEPS + "]");
    }
    this.delaySteps = delaySteps;
    clear();
  }

  /** The delay in steps. */
  public int delaySteps() {
    return delaySteps;
  }

  /** Forgets every past action (they read as zeros). */
  public void clear() {
    java.util.Arrays.fill(ring, 0.0);
    head = 0;
  }

  /**
   * Records {@code commanded} and writes the action to apply now.
   *
   * @param commanded this step's action. Not modified.
   * @param appliedOut the action commanded {@link #delaySteps()} steps ago. Modified.
   */
  public void push(double[] commanded, double[] appliedOut) {
    if (delaySteps == 0) {
      System.arraycopy(commanded, 0, appliedOut, 0, actionSize);
      return;
    }
    int slots = delaySteps + 1;
    System.arraycopy(commanded, 0, ring, head * actionSize, actionSize);
    int oldest = (head + 1) % slots;
    System.arraycopy(ring, oldest * actionSize, appliedOut, 0, actionSize);
    head = oldest;
  }
}
