package dev.reflex.app;

import dev.reflex.config.ControllerConfig;
import dev.reflex.config.PlantConfig;
import dev.reflex.plant.PlantIO;

/** Maps a config's {@code pi4j} devices onto the Pi4J backend's channel spec and opens it. */
final class Pi4jPlantFactory {
  private Pi4jPlantFactory() {}

  static PlantIO open(ControllerConfig config, PlantConfig.Pi4j pi4j) {
    throw new IllegalArgumentException(
        config.file()
            + ": plant.backend: pi4j is mapped by Pi4jPlantFactory, which this build lacks");
  }
}
