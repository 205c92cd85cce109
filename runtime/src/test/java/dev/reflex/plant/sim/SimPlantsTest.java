package dev.reflex.plant.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.network.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimPlantsTest {

  @Test
  void shouldCreateEveryNamedPlantWithConsistentShapes() {
    assertEquals(List.of("pendulum", "cartpole-swingup", "dc-motor"), SimPlants.names());
    for (String name : SimPlants.names()) {
      SimPlant p = SimPlants.create(name);
      assertEquals(name, p.name());
      assertEquals(p.observationSize(), p.observationNames().length);
      assertEquals(p.actionSize(), p.actionNames().length);
      assertEquals(p.actionSize(), p.actionLow().length);
      assertTrue(p.actionLow()[0] < p.actionHigh()[0]);
      assertTrue(p.nominalDtSeconds() > 0 && p.maxEpisodeSteps() > 0);
      assertTrue(p.parameters().containsKey("sensor_noise_std"));
      assertTrue(p.parameters().containsKey("actuation_delay_steps"));
      assertNotSame(p, SimPlants.create(name));
    }
  }

  @Test
  void shouldOffsetOnlyTheFirstObservationBySensorBias() {
    for (String name : SimPlants.names()) {
      SimPlant plain = SimPlants.create(name);
      SimPlant biased = SimPlants.create(name);
      biased.setParameter("sensor_bias", 0.25);
      plain.reset(new Rng(3));
      biased.reset(new Rng(3));
      double[] a = new double[plain.observationSize()];
      double[] b = new double[plain.observationSize()];
      double[] u = new double[plain.actionSize()];
      for (int t = 0; t < 5; t++) {
        plain.observe(a);
        biased.observe(b);
        assertEquals(a[0] + 0.25, b[0], 1e-12, name + ": the first entry is offset");
        for (int i = 1; i < a.length; i++) {
          assertEquals(a[i], b[i], name + ": entry " + i + " untouched");
        }
        u[0] = 0.3 * plain.actionHigh()[0];
        plain.step(u, plain.nominalDtSeconds());
        biased.step(u, biased.nominalDtSeconds());
      }
    }
  }

  @Test
  void shouldListKnownNamesForAnUnknownPlant() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SimPlants.create("acrobot"));
    assertEquals(
        "unknown plant 'acrobot'; known plants: pendulum, cartpole-swingup, dc-motor",
        e.getMessage());
  }
}
