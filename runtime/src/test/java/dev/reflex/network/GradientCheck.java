package dev.reflex.network;

import static org.junit.jupiter.api.Assertions.fail;

/** Central finite differences in double precision and the comparison every gradient test uses. */
final class GradientCheck {
  static final double EPS = 1e-6;
  static final double REL_TOL = 1e-6;

  private GradientCheck() {}

  /** Asserts {@code analytic ≈ numeric} with relative error below 1e-6 (tiny absolute floor). */
  static void assertClose(String what, double[] analytic, double[] numeric) {
    for (int k = 0; k < analytic.length; k++) {
      double a = analytic[k];
      double b = numeric[k];
      double err = Math.abs(a - b);
      double scale = Math.max(Math.abs(a), Math.abs(b));
      if (err > REL_TOL * scale && err > 1e-10) {
        fail(
            what
                + "["
                + k
                + "]: analytic "
                + a
                + " vs numeric "
                + b
                + " (rel "
                + err / scale
                + ")");
      }
    }
  }
}
