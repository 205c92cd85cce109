package dev.reflex.plant.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.network.Rng;
import dev.reflex.testing.Allocations;
import org.junit.jupiter.api.Test;

class DcMotorTest {

  @Test
  void shouldReachNoLoadSpeedVOverKeWithoutFriction() {
    DcMotor m = new DcMotor();
    m.setParameter("viscous_friction", 0.0);
    m.setParameter("coulomb_friction_nm", 0.0);
    m.setState(0.0, 0.0, 0.0, 0.0);
    for (int k = 0; k < 300; k++) { // 3 s, 30 mechanical time constants
      m.step(new double[] {6.0}, DcMotor.NOMINAL_DT_S);
    }
    assertEquals(6.0 / 0.02, m.velocityRadS(), 1e-6);
    assertEquals(0.0, m.currentA(), 1e-6);
  }

  @Test
  void shouldDrawStallCurrentAtFirstAndSettleBelowNoLoadSpeedWithFriction() {
    DcMotor m = new DcMotor();
    m.setState(0.0, 0.0, 0.0, 0.0);
    m.step(new double[] {12.0}, 0.002); // ~8 electrical time constants, little speed yet
    assertTrue(m.currentA() > 5.0 && m.currentA() <= 6.0, "current " + m.currentA());
    for (int k = 0; k < 300; k++) {
      m.step(new double[] {12.0}, DcMotor.NOMINAL_DT_S);
    }
    // Steady state: Kt i = b w + Tc, i = (V - Ke w) / R.
    double expected = (12.0 * 0.02 / 2.0 - 1e-3) / (1e-6 + 0.02 * 0.02 / 2.0);
    assertEquals(expected, m.velocityRadS(), 1e-3);
  }

  @Test
  void shouldStickUnderCoulombFriction() {
    DcMotor m = new DcMotor();
    m.setState(0.0, 0.0, 0.0, 0.0);
    // 0.05 V -> 0.025 A -> 5e-4 N·m < 1e-3 N·m of Coulomb friction.
    for (int k = 0; k < 100; k++) {
      m.step(new double[] {0.05}, DcMotor.NOMINAL_DT_S);
    }
    assertEquals(0.0, m.velocityRadS(), 0.0);
    assertEquals(0.0, m.angleRad(), 0.0);
  }

  @Test
  void shouldQuantiseTheEncoderAndTrackSetpointChanges() {
    DcMotor m = new DcMotor();
    m.setParameter("encoder_counts_per_rev", 4);
    m.setState(0.3, 0.0, 0.0, 1.0);
    double[] obs = new double[4];
    m.observe(obs);
    assertEquals(1.0, obs[0], 1e-12, "0.3 rad reads as count 0 with a quarter-turn encoder");
    assertEquals(1.0, obs[3], 0.0);
    m.reset(new Rng(5));
    double first = m.setpointRad();
    int changes = 0;
    double previous = first;
    for (int k = 0; k < 1000; k++) {
      m.step(new double[] {0.0}, DcMotor.NOMINAL_DT_S);
      if (m.setpointRad() != previous) {
        changes++;
        previous = m.setpointRad();
        assertEquals(0, (k + 1) % 200, "setpoint changes every 2 s, changed at step " + k);
      }
      assertTrue(Math.abs(m.setpointRad()) <= Math.PI);
    }
    assertEquals(5, changes);
  }

  @Test
  void shouldClipVoltageAndPenaliseError() {
    DcMotor a = new DcMotor();
    DcMotor b = new DcMotor();
    a.setState(0, 0, 0, 1.0);
    b.setState(0, 0, 0, 1.0);
    double ra = a.step(new double[] {100.0}, DcMotor.NOMINAL_DT_S);
    double rb = b.step(new double[] {12.0}, DcMotor.NOMINAL_DT_S);
    assertEquals(rb, ra, 0.0);
    assertEquals(b.velocityRadS(), a.velocityRadS(), 0.0);
    double e = 1.0 - a.angleRad();
    assertEquals(-(e * e + 0.01), ra, 1e-12);
  }

  @Test
  void shouldBeDeterministicWithASeed() {
    assertEquals(run(3), run(3), 0.0);
    assertNotEquals(run(3), run(4));
  }

  private static double run(long seed) {
    DcMotor m = new DcMotor();
    m.setParameter("sensor_noise_std", 0.01);
    m.reset(new Rng(seed));
    double[] obs = new double[4];
    double sum = 0;
    for (int k = 0; k < 500; k++) {
      m.observe(obs);
      sum += m.step(new double[] {2.0 * obs[0] - 0.05 * obs[1]}, 0.01) + obs[2];
    }
    return sum;
  }

  @Test
  void shouldRejectBadParametersNamingThem() {
    DcMotor m = new DcMotor();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> m.setParameter("encoder_counts_per_rev", 2.5));
    assertTrue(e.getMessage().contains("encoder_counts_per_rev"), e.getMessage());
    IllegalArgumentException r =
        assertThrows(IllegalArgumentException.class, () -> m.setParameter("resistance_ohm", 0));
    assertTrue(r.getMessage().contains("[0.01, 1000.0]"), r.getMessage());
    m.setParameter("voltage_limit_v", 24.0);
    assertEquals(24.0, m.actionHigh()[0], 0.0);
  }

  @Test
  void shouldStepWithoutAllocating() {
    DcMotor m = new DcMotor();
    m.setParameter("sensor_noise_std", 0.01);
    m.setParameter("actuation_delay_steps", 1);
    m.reset(new Rng(1));
    double[] action = {3.0};
    double[] obs = new double[4];
    long bytes =
        Allocations.measure(
            () -> {
              for (int k = 0; k < 2_000; k++) {
                m.observe(obs);
                m.step(action, 0.01);
                m.terminated();
              }
            });
    assertEquals(0, bytes, "bytes allocated over 2,000 steps");
  }
}
