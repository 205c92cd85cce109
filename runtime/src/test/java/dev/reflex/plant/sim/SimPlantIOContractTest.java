package dev.reflex.plant.sim;

import dev.reflex.plant.PlantIO;
import dev.reflex.plant.PlantIOContract;
import org.junit.jupiter.api.Nested;

/** The {@link PlantIO} contract for the simulated backend, on each simulated plant. */
class SimPlantIOContractTest {
  private static final long PERIOD_NS = 10_000_000L;

  @Nested
  class PendulumPlant extends PlantIOContract {
    @Override
    protected PlantIO open() {
      return new SimPlantIO(new Pendulum(), PERIOD_NS);
    }

    @Override
    protected double[] midActuators(PlantIO io) {
      return new double[] {0.5};
    }
  }

  @Nested
  class DcMotorPlant extends PlantIOContract {
    @Override
    protected PlantIO open() {
      return new SimPlantIO(new DcMotor(), PERIOD_NS);
    }

    @Override
    protected double[] midActuators(PlantIO io) {
      return new double[] {1.0};
    }
  }

  @Nested
  class CartPolePlant extends PlantIOContract {
    @Override
    protected PlantIO open() {
      return new SimPlantIO(new CartPoleSwingUp(), PERIOD_NS);
    }

    @Override
    protected double[] midActuators(PlantIO io) {
      return new double[] {0.2};
    }
  }
}
