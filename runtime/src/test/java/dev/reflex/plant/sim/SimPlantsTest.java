package dev.reflex.plant.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void shouldListKnownNamesForAnUnknownPlant() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SimPlants.create("acrobot"));
    assertEquals(
        "unknown plant 'acrobot'; known plants: pendulum, cartpole-swingup, dc-motor",
        e.getMessage());
  }
}
