package dev.reflex.trainer;

/**
 * Maps actions between the learner's scaled space [−1, 1] and the plant's physical bounds: {@code
 * physical = low + (scaled + 1)(high − low)/2}, as Stable-Baselines3's {@code unscale_action}.
 *
 * <p>Real-time: allocation-free. Threading: stateless after construction.
 */
public final class ActionScale {
  private final double[] low;
  private final double[] high;

  /** Bounds per action entry (copied). */
  public ActionScale(double[] low, double[] high) {
    this.low = low.clone();
    this.high = high.clone();
  }

  /**
   * Scaled to physical.
   *
   * @param scaled in [−1, 1]. Not modified.
   * @param physicalOut modified.
   */
  public void toPhysical(double[] scaled, double[] physicalOut) {
    for (int i = 0; i < low.length; i++) {
      physicalOut[i] = low[i] + (scaled[i] + 1.0) * 0.5 * (high[i] - low[i]);
    }
  }

  /** Lower bounds (a copy). */
  public double[] low() {
    return low.clone();
  }

  /** Upper bounds (a copy). */
  public double[] high() {
    return high.clone();
  }
}
