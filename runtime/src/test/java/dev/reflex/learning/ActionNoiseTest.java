package dev.reflex.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.network.Rng;
import org.junit.jupiter.api.Test;

class ActionNoiseTest {

  @Test
  void shouldDrawTheSameGaussianNoiseFromTheSameSeed() {
    double[] a = new double[3], b = new double[3];
    GaussianNoise n1 = new GaussianNoise(0.1, new Rng(4));
    GaussianNoise n2 = new GaussianNoise(0.1, new Rng(4));
    for (int i = 0; i < 10; i++) {
      n1.sample(a);
      n2.sample(b);
      assertArrayEquals(a, b);
    }
  }

  @Test
  void shouldHaveTheConfiguredGaussianSpread() {
    GaussianNoise n = new GaussianNoise(0.2, new Rng(5));
    double[] x = new double[1];
    double s = 0, s2 = 0;
    int count = 20_000;
    for (int i = 0; i < count; i++) {
      n.sample(x);
      s += x[0];
      s2 += x[0] * x[0];
    }
    assertEquals(0, s / count, 0.01);
    assertEquals(0.2, Math.sqrt(s2 / count), 0.01);
  }

  @Test
  void shouldRevertOrnsteinUhlenbeckNoiseToItsMeanAndCorrelateInTime() {
    OrnsteinUhlenbeckNoise n = new OrnsteinUhlenbeckNoise(1, 0.15, 0.2, 1, new Rng(6));
    double[] x = new double[1];
    double prev = 0, cov = 0, var = 0, mean = 0;
    int count = 50_000;
    for (int i = 0; i < count; i++) {
      n.sample(x);
      cov += prev * x[0];
      var += x[0] * x[0];
      mean += x[0];
      prev = x[0];
    }
    double rho = cov / var;
    assertEquals(1 - 0.15, rho, 0.03, "lag-1 autocorrelation 1 − θ");
    assertEquals(0, mean / count, 0.05);
    // Stationary variance σ²/(2θ − θ²) for the discrete process.
    assertEquals(0.04 / (0.3 - 0.0225), var / count, 0.02);
    n.reset();
    assertEquals(0.0, n.state()[0]);
    assertTrue(n.scale() == 0.2);
  }

  @Test
  void shouldRestoreRngStateExactly() {
    Rng r = new Rng(9);
    r.nextGaussian();
    long[] st = new long[6];
    r.saveState(st);
    double a = r.nextGaussian(), b = r.nextDouble(), c = r.nextGaussian();
    Rng q = new Rng(0);
    q.restoreState(st);
    assertEquals(a, q.nextGaussian());
    assertEquals(b, q.nextDouble());
    assertEquals(c, q.nextGaussian());
  }
}
