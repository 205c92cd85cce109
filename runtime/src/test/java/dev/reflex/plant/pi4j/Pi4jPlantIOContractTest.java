package dev.reflex.plant.pi4j;

import com.pi4j.context.Context;
import dev.reflex.plant.PlantIO;
import dev.reflex.plant.PlantIOContract;
import dev.reflex.plant.pi4j.Pi4jActuatorSpec.HBridgeMotor;
import dev.reflex.plant.pi4j.Pi4jActuatorSpec.Pca9685Mode;
import dev.reflex.plant.pi4j.Pi4jActuatorSpec.Pca9685Output;
import dev.reflex.plant.pi4j.Pi4jSensorSpec.As5600Angle;
import dev.reflex.plant.pi4j.Pi4jSensorSpec.Encoder;
import dev.reflex.plant.pi4j.Pi4jSensorSpec.Mpu6050Axis;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link PlantIO} contract for the Pi4J backend on Pi4J's mock board, with every kind of part:
 * GPIO encoder and H-bridge on hardware PWM, and the I2C chips (PCA9685, AS5600, MPU-6050) through
 * their register-level emulations.
 */
class Pi4jPlantIOContractTest extends PlantIOContract {
  @TempDir Path dir;
  private Context context;

  @Override
  protected PlantIO open() {
    FakePwmSysfs sysfs = new FakePwmSysfs(dir, 0, 2);
    context = MockPi4jContexts.create(sysfs, 0);
    Pi4jBoardOptions board =
        new Pi4jBoardOptions(Pi4jBoardOptions.Board.RASPBERRY_PI, null, 0, dir.toString());
    Pca9685Emulation pca = new Pca9685Emulation(Pca9685.INTERNAL_OSCILLATOR_HZ);
    As5600Emulation angle = new As5600Emulation();
    Mpu6050Emulation imu = new Mpu6050Emulation();
    return new Pi4jPlantIO(
        context,
        new Pi4jPlantSpec(
            board,
            List.of(
                new Encoder("shaft_rad", 17, 27, InputPull.UP, 1200, 1.0, 0.0),
                new As5600Angle("arm_rad", 1, As5600.ADDRESS, false, 1.0, -Math.PI),
                new Mpu6050Axis(
                    "rate_rad_s",
                    1,
                    Mpu6050.DEFAULT_ADDRESS,
                    Mpu6050.Axis.GYRO_Z,
                    Mpu6050.GyroRange.DPS_500,
                    Mpu6050.AccelRange.G_4,
                    3,
                    1,
                    0)),
            List.of(
                new HBridgeMotor("motor_v", 0, 20_000, 5, -1, 12.0, 0.2, -12.0, 12.0),
                new Pca9685Output(
                    "servo_rad",
                    1,
                    Pca9685.DEFAULT_ADDRESS,
                    0,
                    50,
                    0,
                    Pca9685Mode.PULSE_US,
                    -Math.PI / 2,
                    Math.PI / 2,
                    1000,
                    2000))),
        (bus, address) ->
            switch (address) {
              case Pca9685.DEFAULT_ADDRESS -> pca;
              case As5600.ADDRESS -> angle;
              case Mpu6050.DEFAULT_ADDRESS -> imu;
              default -> throw new IllegalStateException("no chip at 0x" + address);
            });
  }

  @Override
  protected double[] midActuators(PlantIO io) {
    return new double[] {3.0, 0.0};
  }

  @AfterEach
  void shutdownContext() {
    if (context != null) {
      context.shutdown();
    }
  }
}
