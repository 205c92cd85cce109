package dev.reflex.trainer;

import java.util.Arrays;

/** Returns of a set of evaluation episodes, with their summary statistics. */
public record EvalResult(double[] returns) {

  /** Mean return. */
  public double mean() {
    return Arrays.stream(returns).average().orElse(Double.NaN);
  }

  /** Population standard deviation of the returns. */
  public double std() {
    double m = mean();
    double s = 0;
    for (double r : returns) {
      s += (r - m) * (r - m);
    }
    return Math.sqrt(s / returns.length);
  }

  /** Lowest return. */
  public double min() {
    return Arrays.stream(returns).min().orElse(Double.NaN);
  }

  /** Highest return. */
  public double max() {
    return Arrays.stream(returns).max().orElse(Double.NaN);
  }
}
