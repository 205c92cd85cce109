package dev.reflex.finetune;

/**
 * Student's t distribution: the critical values of the guard's one-sided paired test. The CDF is
 * the regularised incomplete beta function (Lentz's continued fraction, as in Numerical Recipes
 * §6.4), the quantile its inverse by bisection.
 *
 * <p>Threading: stateless.
 */
final class StudentT {
  private StudentT() {}

  /**
   * P(T ≤ t) for {@code dof} degrees of freedom.
   *
   * @throws IllegalArgumentException when {@code dof < 1}
   */
  static double cdf(double t, int dof) {
    if (dof < 1) {
      throw new IllegalArgumentException("Student t needs dof >= 1, got " + dof);
    }
    double x = dof / (dof + t * t);
    double tail = 0.5 * incompleteBeta(0.5 * dof, 0.5, x);
    return t >= 0 ? 1 - tail : tail;
  }

  /**
   * The t with P(T ≤ t) = {@code p}: {@code quantile(0.95, 4)} ≈ 2.132, the critical value of a
   * one-sided test at level 0.05 on 5 pairs.
   *
   * @throws IllegalArgumentException when {@code p} is not in (0, 1) or {@code dof < 1}
   */
  static double quantile(double p, int dof) {
    if (!(p > 0 && p < 1) || dof < 1) {
      throw new IllegalArgumentException(
          "Student t quantile needs p in (0, 1) and dof >= 1, got p " + p + ", dof " + dof);
    }
    double lo = -1e4;
    double hi = 1e4;
    for (int i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); i++) {
      double mid = 0.5 * (lo + hi);
      if (cdf(mid, dof) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  /** The regularised incomplete beta function I_x(a, b). */
  static double incompleteBeta(double a, double b, double x) {
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    double front =
        Math.exp(
            logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
    if (x < (a + 1) / (a + b + 2)) {
      return front * continuedFraction(a, b, x) / a;
    }
    return 1 - front * continuedFraction(b, a, 1 - x) / b;
  }

  private static double continuedFraction(double a, double b, double x) {
    double tiny = 1e-300;
    double c = 1;
    double d = 1 - (a + b) * x / (a + 1);
    d = Math.abs(d) < tiny ? tiny : d;
    d = 1 / d;
    double h = d;
    for (int m = 1; m <= 300; m++) {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
      d = 1 + aa * d;
      d = Math.abs(d) < tiny ? tiny : d;
      c = 1 + aa / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      h *= d * c;
      aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
      d = 1 + aa * d;
      d = Math.abs(d) < tiny ? tiny : d;
      c = 1 + aa / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1) < 1e-15) {
        break;
      }
    }
    return h;
  }

  /** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9). */
  static double logGamma(double x) {
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    double[] c = {
      0.99999999999980993,
      676.5203681218851,
      -1259.1392167224028,
      771.32342877765313,
      -176.61502916214059,
      12.507343278686905,
      -0.13857109526572012,
      9.9843695780195716e-6,
      1.5056327351493116e-7
    };
    double xm = x - 1;
    double s = c[0];
    double t = xm + 7.5;
    for (int i = 1; i < 9; i++) {
      s += c[i] / (xm + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (xm + 0.5) * Math.log(t) - t + Math.log(s);
  }
}
