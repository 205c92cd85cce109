package dev.reflex.plant.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.network.Rng;
import dev.reflex.testing.Allocations;
import org.junit.jupiter.api.Test;

class CartPoleSwingUpTest {

  @Test
  void shouldStayHangingDownWhenUnforced() {
    CartPoleSwingUp c = new CartPoleSwingUp();
    c.reset(new Rng(7));
    double[] zero = {0.0};
    double[] obs = new double[5];
    for (int k = 0; k < CartPoleSwingUp.MAX_EPISODE_STEPS; k++) {
      double r = c.step(zero, CartPoleSwingUp.NOMINAL_DT_S);
      c.observe(obs);
      assertTrue(obs[2] < -0.99, "cos theta " + obs[2] + " at step " + k);
      assertTrue(r >= 0 && r < 0.01, "reward " + r + " hanging down");
      assertFalse(c.terminated());
    }
  }

  @Test
  void shouldConserveEnergyWithoutFrictionOrForce() {
    CartPoleSwingUp c = new CartPoleSwingUp();
    c.setState(0.0, 0.3, 2.0, 1.0);
    double e0 = c.energyJ();
    for (int k = 0; k < 500; k++) {
      c.step(new double[] {0.0}, CartPoleSwingUp.NOMINAL_DT_S);
    }
    assertEquals(e0, c.energyJ(), 1e-6 * Math.max(1.0, Math.abs(e0)));
  }

  @Test
  void shouldFallFromUprightAndPushCartBackwards() {
    CartPoleSwingUp c = new CartPoleSwingUp();
    c.setState(0.0, 0.0, 0.0, 0.0);
    double r = c.step(new double[] {0.0}, CartPoleSwingUp.NOMINAL_DT_S);
    assertEquals(1.0, r, 1e-9, "upright, centred, still, no force: full reward");
    c.setState(0.0, 0.0, 0.01, 0.0);
    for (int k = 0; k < 40; k++) {
      c.step(new double[] {0.0}, CartPoleSwingUp.NOMINAL_DT_S);
    }
    assertTrue(c.angleRad() > 0.05, "the pole falls further: " + c.angleRad());
    assertTrue(c.positionM() < 0.0, "the cart recoils: " + c.positionM());
  }

  @Test
  void shouldClipForceToLimit() {
    CartPoleSwingUp a = new CartPoleSwingUp();
    CartPoleSwingUp b = new CartPoleSwingUp();
    a.setState(0, 0, Math.PI, 0);
    b.setState(0, 0, Math.PI, 0);
    a.step(new double[] {1000.0}, CartPoleSwingUp.NOMINAL_DT_S);
    b.step(new double[] {10.0}, CartPoleSwingUp.NOMINAL_DT_S);
    assertEquals(b.positionM(), a.positionM(), 0.0);
    assertTrue(a.positionM() > 0.0);
  }

  @Test
  void shouldTerminateWithPenaltyOffTrack() {
    CartPoleSwingUp c = new CartPoleSwingUp();
    c.setState(2.39, 2.0, Math.PI, 0.0);
    double r = c.step(new double[] {10.0}, CartPoleSwingUp.NOMINAL_DT_S);
    assertTrue(c.terminated());
    assertTrue(r < -99.0, "penalty in " + r);
    double next = c.step(new double[] {10.0}, CartPoleSwingUp.NOMINAL_DT_S);
    assertTrue(next > -1.0, "penalty once: " + next);
  }

  @Test
  void shouldBeDeterministicWithASeed() {
    double[] a = run(11);
    double[] b = run(11);
    double[] c = run(12);
    assertEquals(a[0], b[0], 0.0);
    assertEquals(a[1], b[1], 0.0);
    assertTrue(a[0] != c[0]);
  }

  private static double[] run(long seed) {
    CartPoleSwingUp c = new CartPoleSwingUp();
    c.setParameter("sensor_noise_std", 0.01);
    c.reset(new Rng(seed));
    double[] obs = new double[5];
    double sum = 0;
    for (int k = 0; k < 100; k++) {
      c.observe(obs);
      sum += c.step(new double[] {-5.0 * obs[1] + 3.0 * Math.sin(0.1 * k)}, 0.02) + obs[4];
    }
    return new double[] {sum, c.positionM()};
  }

  @Test
  void shouldSlowTheCartWithFriction() {
    CartPoleSwingUp c = new CartPoleSwingUp();
    c.setParameter("friction", 1.0);
    c.setState(0.0, 1.0, Math.PI, 0.0);
    for (int k = 0; k < 100; k++) {
      c.step(new double[] {0.0}, 0.02);
    }
    double[] obs = new double[5];
    c.observe(obs);
    assertTrue(Math.abs(obs[1]) < 0.2, "cart speed " + obs[1]);
  }

  @Test
  void shouldRejectBadParametersNamingThem() {
    CartPoleSwingUp c = new CartPoleSwingUp();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> c.setParameter("pole_mass_kg", 0.0));
    assertTrue(e.getMessage().contains("pole_mass_kg"), e.getMessage());
    IllegalArgumentException u =
        assertThrows(IllegalArgumentException.class, () -> c.setParameter("gravity", 1.0));
    assertTrue(u.getMessage().contains("cart_mass_kg"), u.getMessage());
    c.setParameter("max_force_n", 20.0);
    assertEquals(20.0, c.actionHigh()[0], 0.0);
  }

  @Test
  void shouldStepWithoutAllocating() {
    CartPoleSwingUp c = new CartPoleSwingUp();
    c.setParameter("sensor_noise_std", 0.01);
    c.setParameter("actuation_delay_steps", 2);
    c.reset(new Rng(1));
    double[] action = {0.5};
    double[] obs = new double[5];
    long bytes =
        Allocations.measure(
            () -> {
              for (int k = 0; k < 10_000; k++) {
                c.observe(obs);
                c.step(action, 0.01);
                c.terminated();
                c.setState(0, 0, Math.PI, 0);
              }
            });
    assertEquals(0, bytes, "bytes allocated over 10,000 steps");
  }
}
