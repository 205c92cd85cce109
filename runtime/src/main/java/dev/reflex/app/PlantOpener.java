package dev.reflex.app;

import dev.reflex.config.ControllerConfig;
import dev.reflex.plant.PlantIO;

/**
 * Opens the plant a config names. {@code run} uses {@link PlantFactory#open} (the board's real
 * backends); tests hand {@link RunCommand#RunCommand(PlantOpener)} one that opens the same mapping
 * on Pi4J's mock plugin ({@link Pi4jPlantFactory#open(ControllerConfig,
 * dev.reflex.config.PlantConfig.Pi4j, String, java.util.function.Function)}).
 */
@FunctionalInterface
public interface PlantOpener {

  /**
   * Opens the plant.
   *
   * @param seedOverride replaces the sim plant's seed when not null
   * @throws IllegalArgumentException naming the config file and field on a bad value
   */
  PlantIO open(ControllerConfig config, Long seedOverride) throws Exception;
}
