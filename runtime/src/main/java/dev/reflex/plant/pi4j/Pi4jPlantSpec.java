package dev.reflex.plant.pi4j;

import java.util.List;

/**
 * Everything the Pi4J backend needs: the board and the channels, sensors and actuators in the order
 * {@link dev.reflex.plant.PlantIO#read} and {@link dev.reflex.plant.PlantIO#write} use them.
 */
public record Pi4jPlantSpec(
    Pi4jBoardOptions board, List<Pi4jSensorSpec> sensors, List<Pi4jActuatorSpec> actuators) {

  /** Copies the lists. */
  public Pi4jPlantSpec {
    if (board == null) {
      throw new IllegalArgumentException("board is missing");
    }
    sensors = List.copyOf(sensors);
    actuators = List.copyOf(actuators);
  }
}
