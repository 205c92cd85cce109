package dev.reflex.plant.sim;

import java.util.List;

/** The registry of simulated plants by name: a plain switch, one new instance per call. */
public final class SimPlants {
  private static final List<String> NAMES =
      List.of(Pendulum.NAME, CartPoleSwingUp.NAME, DcMotor.NAME);

  private SimPlants() {}

  /** The known plant names, in a stable order. */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * A new plant with default parameters.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static SimPlant create(String name) {
    return switch (name) {
      case Pendulum.NAME -> new Pendulum();
      case CartPoleSwingUp.NAME -> new CartPoleSwingUp();
      case DcMotor.NAME -> new DcMotor();
      default ->
          throw new IllegalArgumentException(
              "unknown plant '" + name + "'; known plants: " + String.join(", ", NAMES));
    };
  }
}
