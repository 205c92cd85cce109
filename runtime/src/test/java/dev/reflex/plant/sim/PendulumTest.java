package dev.reflex.plant.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.network.Rng;
import dev.reflex.testing.Allocations;
import org.junit.jupiter.api.Test;

class PendulumTest {
  private static final double[] OBS = new double[3];

  @Test
  void shouldMatchGymnasiumFormulasStepByStep() {
    // Hand-computed from Pendulum-v1 (g=10, m=1, l=1, dt=0.05) starting at th=0.5, thdot=-0.3:
    // step 1, u=1.5: cost = 0.5^2 + 0.1*0.09 + 0.001*2.25 = 0.26125;
    //   thdot' = -0.3 + (15 sin 0.5 + 3*1.5)*0.05 = 0.28456915395315224; th' = 0.5142284576976576
    // step 2, u=3.0 (clipped to 2); step 3, u=-2.5 (clipped to -2): same formulas.
    Pendulum p = new Pendulum();
    p.setState(0.5, -0.3);
    double[][] expected = {
      {-0.26125, 0.5142284576976576, 0.28456915395315224},
      {-0.276528867044273, 0.5619017867023626, 0.9534665800941005},
      {-0.4106434698349414, 0.6145549857642556, 1.0530639812378608},
    };
    double[] torques = {1.5, 3.0, -2.5};
    for (int k = 0; k < 3; k++) {
      double reward = p.step(new double[] {torques[k]}, 0.05);
      assertEquals(expected[k][0], reward, 1e-12, "reward of step " + k);
      assertEquals(expected[k][1], p.angleRad(), 1e-12, "angle after step " + k);
      assertEquals(expected[k][2], p.velocityRadS(), 1e-12, "velocity after step " + k);
    }
    p.observe(OBS);
    assertEquals(Math.cos(0.6145549857642556), OBS[0], 1e-15);
    assertEquals(Math.sin(0.6145549857642556), OBS[1], 1e-15);
    assertEquals(1.0530639812378608, OBS[2], 1e-15);
  }

  @Test
  void shouldNormaliseAnglesLikePython() {
    assertEquals(-Math.PI, Pendulum.angleNormalize(Math.PI), 0.0);
    assertEquals(-Math.PI, Pendulum.angleNormalize(-Math.PI), 0.0);
    assertEquals(7.0 - 2 * Math.PI, Pendulum.angleNormalize(7.0), 1e-15);
    assertEquals(0.25, Pendulum.angleNormalize(0.25 - 4 * Math.PI), 1e-14);
  }

  @Test
  void shouldClipSpeedAndTorque() {
    Pendulum p = new Pendulum();
    p.setState(Math.PI / 2, 7.9);
    p.step(new double[] {100.0}, 0.05);
    assertEquals(Pendulum.MAX_SPEED_RAD_S, p.velocityRadS(), 0.0);
    Pendulum q = new Pendulum();
    Pendulum r = new Pendulum();
    q.setState(0.1, 0.0);
    r.setState(0.1, 0.0);
    double rq = q.step(new double[] {50.0}, 0.05);
    double rr = r.step(new double[] {2.0}, 0.05);
    assertEquals(rr, rq, 0.0);
    assertEquals(r.angleRad(), q.angleRad(), 0.0);
  }

  @Test
  void shouldConserveEnergyWithoutFrictionOrTorque() {
    Pendulum p = new Pendulum();
    p.setState(Math.PI / 2, 0.0);
    double e0 = p.energyJ();
    double[] zero = {0.0};
    double maxDrift = 0;
    for (int k = 0; k < 5000; k++) { // 5 s at 1 ms
      p.step(zero, 0.001);
      maxDrift = Math.max(maxDrift, Math.abs(p.energyJ() - e0));
    }
    assertTrue(maxDrift < 0.01 * 5.0, "energy drift " + maxDrift + " J of a 5 J scale");
    assertTrue(Math.abs(p.velocityRadS()) < Pendulum.MAX_SPEED_RAD_S);
  }

  @Test
  void shouldLoseEnergyWithFriction() {
    Pendulum p = new Pendulum();
    p.setParameter("friction", 0.2);
    p.setState(Math.PI / 2, 0.0);
    double e0 = p.energyJ();
    for (int k = 0; k < 5000; k++) {
      p.step(new double[] {0.0}, 0.001);
    }
    assertTrue(p.energyJ() < e0 - 0.5, "energy " + p.energyJ() + " from " + e0);
  }

  @Test
  void shouldScaleRewardWithLoopPeriod() {
    Pendulum a = new Pendulum();
    a.setState(1.0, 0.5);
    double r = a.step(new double[] {0.0}, 0.01);
    double cost = 1.0 + 0.1 * 0.25;
    assertEquals(-cost * 0.2, r, 1e-12);
  }

  @Test
  void shouldResetDeterministicallyWithinGymnasiumBounds() {
    Pendulum a = new Pendulum();
    Pendulum b = new Pendulum();
    for (long seed = 0; seed < 50; seed++) {
      a.reset(new Rng(seed));
      b.reset(new Rng(seed));
      assertEquals(a.angleRad(), b.angleRad(), 0.0);
      assertEquals(a.velocityRadS(), b.velocityRadS(), 0.0);
      assertTrue(a.angleRad() >= -Math.PI && a.angleRad() < Math.PI);
      assertTrue(a.velocityRadS() >= -1 && a.velocityRadS() < 1);
    }
  }

  @Test
  void shouldAddSeededNoiseOnlyWhenConfigured() {
    Pendulum a = new Pendulum();
    a.setParameter("sensor_noise_std", 0.1);
    Pendulum b = new Pendulum();
    b.setParameter("sensor_noise_std", 0.1);
    a.reset(new Rng(3));
    b.reset(new Rng(3));
    double[] oa = new double[3];
    double[] ob = new double[3];
    a.observe(oa);
    b.observe(ob);
    assertEquals(oa[2], ob[2], 0.0);
    assertTrue(Math.abs(oa[2] - a.velocityRadS()) > 0.0);
    Pendulum clean = new Pendulum();
    clean.reset(new Rng(3));
    assertEquals(clean.angleRad(), a.angleRad(), 0.0, "noise must not change the reset draws");
  }

  @Test
  void shouldDelayActuation() {
    Pendulum delayed = new Pendulum();
    delayed.setParameter("actuation_delay_steps", 2);
    Pendulum direct = new Pendulum();
    delayed.setState(0.0, 0.0);
    direct.setState(0.0, 0.0);
    delayed.step(new double[] {1.0}, 0.05);
    delayed.step(new double[] {1.0}, 0.05);
    assertEquals(0.0, delayed.angleRad(), 0.0, "the first two steps apply zeros");
    delayed.step(new double[] {0.0}, 0.05);
    direct.step(new double[] {1.0}, 0.05);
    assertEquals(direct.velocityRadS(), delayed.velocityRadS(), 0.0);
  }

  @Test
  void shouldRejectBadParametersNamingThem() {
    Pendulum p = new Pendulum();
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> p.setParameter("mass", 1.0));
    assertTrue(unknown.getMessage().contains("'mass'"), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("mass_kg, length_m"), unknown.getMessage());
    IllegalArgumentException range =
        assertThrows(IllegalArgumentException.class, () -> p.setParameter("mass_kg", -1.0));
    assertTrue(range.getMessage().contains("mass_kg = -1.0 out of range [0.01, 100.0]"));
    assertThrows(
        IllegalArgumentException.class, () -> p.setParameter("actuation_delay_steps", 1.5));
    assertThrows(IllegalArgumentException.class, () -> p.setParameter("length_m", Double.NaN));
    assertEquals(1.0, p.parameters().get("mass_kg"), 0.0);
  }

  @Test
  void shouldChangeActionBoundsWithMaxTorque() {
    Pendulum p = new Pendulum();
    p.setParameter("max_torque_nm", 3.0);
    assertEquals(-3.0, p.actionLow()[0], 0.0);
    assertEquals(3.0, p.actionHigh()[0], 0.0);
    assertEquals(3.0, p.parameters().get("max_torque_nm"), 0.0);
    assertFalse(p.terminated());
  }

  @Test
  void shouldStepWithoutAllocating() {
    Pendulum p = new Pendulum();
    p.setParameter("sensor_noise_std", 0.01);
    p.setParameter("actuation_delay_steps", 3);
    p.reset(new Rng(1));
    double[] action = {0.5};
    double[] obs = new double[3];
    long bytes =
        Allocations.measure(
            () -> {
              for (int k = 0; k < 10_000; k++) {
                p.observe(obs);
                p.step(action, 0.01);
                p.terminated();
              }
            });
    assertEquals(0, bytes, "bytes allocated over 10,000 steps");
  }
}
