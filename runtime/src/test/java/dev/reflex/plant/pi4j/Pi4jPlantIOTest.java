package dev.reflex.plant.pi4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import dev.reflex.plant.PlantStatus;
import dev.reflex.plant.pi4j.Pi4jActuatorSpec.HBridgeMotor;
import dev.reflex.plant.pi4j.Pi4jActuatorSpec.Pca9685Mode;
import dev.reflex.plant.pi4j.Pi4jActuatorSpec.Pca9685Output;
import dev.reflex.plant.pi4j.Pi4jSensorSpec.Ads1115Input;
import dev.reflex.plant.pi4j.Pi4jSensorSpec.As5600Angle;
import dev.reflex.plant.pi4j.Pi4jSensorSpec.DigitalIn;
import dev.reflex.plant.pi4j.Pi4jSensorSpec.Encoder;
import dev.reflex.plant.pi4j.Pi4jSensorSpec.Mpu6050Axis;
import dev.reflex.testing.Allocations;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pi4jPlantIOTest {

  private static final double OSC = Pca9685.INTERNAL_OSCILLATOR_HZ;
  private static final int[][] GRAY = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};

  @TempDir Path dir;
  private FakePwmSysfs sysfs;
  private Context context;
  private Pi4jBoardOptions board;
  private final Map<String, EmulatedI2cChip> chips = new HashMap<>();

  @BeforeEach
  void openContext() {
    sysfs = new FakePwmSysfs(dir, 0, 2);
    context = MockPi4jContexts.create(sysfs, 0);
    board = new Pi4jBoardOptions(Pi4jBoardOptions.Board.RASPBERRY_PI, null, 0, dir.toString());
  }

  @AfterEach
  void shutdown() {
    context.shutdown();
  }

  private <T extends EmulatedI2cChip> T chip(int bus, int address, T emulation) {
    chips.put(bus + "/" + address, emulation);
    return emulation;
  }

  private Pi4jPlantIO plant(List<Pi4jSensorSpec> sensors, List<Pi4jActuatorSpec> actuators) {
    return new Pi4jPlantIO(
        context,
        new Pi4jPlantSpec(board, sensors, actuators),
        (bus, address) -> {
          EmulatedI2cChip emulation = chips.get(bus + "/" + address);
          if (emulation == null) {
            throw new IllegalStateException("no chip at i2c-" + bus + " 0x" + address);
          }
          return emulation;
        });
  }

  private Pi4jPlantIO dcMotorServo() {
    return plant(
        List.of(new Encoder("shaft_rad", 17, 27, InputPull.UP, 1200, 1.0, 0.0)),
        List.of(new HBridgeMotor("motor_v", 0, 20_000, 5, -1, 12.0, 0.2, -12.0, 12.0)));
  }

  private void turnEncoder(int fromPosition, int toPosition) {
    MockDigitalInput a = (MockDigitalInput) context.io("din-17");
    MockDigitalInput b = (MockDigitalInput) context.io("din-27");
    int step = toPosition > fromPosition ? 1 : -1;
    for (int p = fromPosition + step; p != toPosition + step; p += step) {
      int[] s = GRAY[Math.floorMod(p, 4)];
      a.mockState(s[0] == 1 ? DigitalState.HIGH : DigitalState.LOW);
      b.mockState(s[1] == 1 ? DigitalState.HIGH : DigitalState.LOW);
    }
  }

  private boolean directionPinHigh() {
    return ((DigitalOutput) context.io("dout-5")).isHigh();
  }

  @Test
  void shouldDriveTheDcMotorServoAndReadItsEncoder() {
    try (Pi4jPlantIO plant = dcMotorServo()) {
      assertArrayEquals(new String[] {"shaft_rad"}, plant.sensorNames());
      assertArrayEquals(new String[] {"motor_v"}, plant.actuatorNames());

      assertEquals(PlantStatus.OK, plant.write(new double[] {6.0}, 0));
      assertEquals(25_000, sysfs.read(0, 0, "duty_cycle"));
      assertTrue(directionPinHigh());

      turnEncoder(0, 300);
      double[] sensors = new double[1];
      assertEquals(PlantStatus.OK, plant.read(sensors, 1_000_000));
      assertEquals(Math.PI / 2, sensors[0], 1e-12); // 300 of 1200 counts

      plant.write(new double[] {-30.0}, 2_000_000); // clamped to -12 V: full reverse
      assertEquals(50_000, sysfs.read(0, 0, "duty_cycle"));
      assertFalse(directionPinHigh());
      turnEncoder(300, -150);
      plant.read(sensors, 3_000_000);
      assertEquals(-Math.PI / 4, sensors[0], 1e-12);
    }
  }

  @Test
  void shouldStopTheMotorOnWriteSafe() {
    try (Pi4jPlantIO plant = dcMotorServo()) {
      plant.write(new double[] {9.0}, 0);

      plant.writeSafe(new double[] {3.0});

      assertEquals(0, sysfs.read(0, 0, "duty_cycle"));
      assertFalse(directionPinHigh());
    }
  }

  private Pi4jPlantIO pcaAs5600Servo() {
    return plant(
        List.of(new As5600Angle("arm_rad", 1, As5600.ADDRESS, false, 1.0, -Math.PI)),
        List.of(
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
                2000)));
  }

  @Test
  void shouldDriveThePca9685ServoAndReadTheAs5600() {
    Pca9685Emulation pca = chip(1, Pca9685.DEFAULT_ADDRESS, new Pca9685Emulation(OSC));
    As5600Emulation encoder = chip(1, As5600.ADDRESS, new As5600Emulation());
    try (Pi4jPlantIO plant = pcaAs5600Servo()) {
      double tick = 1e6 / pca.frequencyHz() / 4096; // one PCA9685 count in microseconds

      assertEquals(PlantStatus.OK, plant.write(new double[] {0.0}, 0));
      assertEquals(1500, pca.pulseUs(0), tick);
      plant.write(new double[] {Math.PI / 2}, 0);
      assertEquals(2000, pca.pulseUs(0), tick);
      plant.write(new double[] {-5.0}, 0); // clamped
      assertEquals(1000, pca.pulseUs(0), tick);

      encoder.setMagnetAngleRad(Math.PI + 0.3);
      double[] sensors = new double[1];
      assertEquals(PlantStatus.OK, plant.read(sensors, 0));
      assertEquals(0.3, sensors[0], Math.PI / 4096);
    }
  }

  @Test
  void shouldReportAMissingMagnetAsAFailedReadWithoutThrowing() {
    chip(1, Pca9685.DEFAULT_ADDRESS, new Pca9685Emulation(OSC));
    As5600Emulation encoder = chip(1, As5600.ADDRESS, new As5600Emulation());
    try (Pi4jPlantIO plant = pcaAs5600Servo()) {
      encoder.setMagnetPresent(false);

      assertEquals(PlantStatus.FAILED, plant.read(new double[1], 0));

      encoder.setMagnetPresent(true);
      assertEquals(PlantStatus.OK, plant.read(new double[1], 0));
    }
  }

  @Test
  void shouldReportI2cFailuresOnWriteAndStillReachTheSafeState() {
    Pca9685Emulation pca = chip(1, Pca9685.DEFAULT_ADDRESS, new Pca9685Emulation(OSC));
    chip(1, As5600.ADDRESS, new As5600Emulation());
    try (Pi4jPlantIO plant = pcaAs5600Servo()) {
      plant.write(new double[] {0.5}, 0);
      pca.setFailing(true);
      assertEquals(PlantStatus.FAILED, plant.write(new double[] {0.0}, 0));

      pca.setFailing(false);
      plant.writeSafe(new double[] {0.0});
      assertEquals(0.0, pca.pulseUs(0));
    }
  }

  @Test
  void shouldShareOneReadOfEachChipAcrossItsChannels() {
    Mpu6050Emulation imu = chip(1, Mpu6050.DEFAULT_ADDRESS, new Mpu6050Emulation());
    Ads1115Emulation adc = chip(1, Ads1115.DEFAULT_ADDRESS, new Ads1115Emulation());
    imu.setGyroRadPerSec(0, 0, 2.0);
    imu.setAccelMps2(-4.0, 0, 9.8);
    adc.setInputV(0, 1.234);
    adc.setInputV(1, 0.5);
    Mpu6050.GyroRange gyro = Mpu6050.GyroRange.DPS_500;
    Mpu6050.AccelRange accel = Mpu6050.AccelRange.G_4;
    Ads1115.Pga pga = Ads1115.Pga.FS_4_096V;
    Ads1115.DataRate rate = Ads1115.DataRate.SPS_860;
    try (Pi4jPlantIO plant =
        plant(
            List.of(
                new Mpu6050Axis("rate_rad_s", 1, 0x68, Mpu6050.Axis.GYRO_Z, gyro, accel, 3, 1, 0),
                new Mpu6050Axis(
                    "accel_x_m_s2", 1, 0x68, Mpu6050.Axis.ACCEL_X, gyro, accel, 3, 1, 0),
                new Ads1115Input("pot_v", 1, 0x48, Ads1115.Input.AIN0, pga, rate, 1, 0),
                new Ads1115Input("current_a", 1, 0x48, Ads1115.Input.AIN1, pga, rate, 2.0, -0.5)),
            List.of())) {
      double[] sensors = new double[4];
      int imuTransfersBefore = imu.transfers();
      assertEquals(PlantStatus.OK, plant.read(sensors, 0));
      assertEquals(imuTransfersBefore + 1, imu.transfers()); // one burst for both axes

      adc.setInputV(0, 2.0);
      adc.setInputV(1, 1.0);
      for (int tick = 0; tick < 12; tick++) {
        assertEquals(PlantStatus.OK, plant.read(sensors, tick));
      }

      assertEquals(2.0, sensors[0], Math.toRadians(1) / 65.5);
      assertEquals(-4.0, sensors[1], 9.80665 / 8192);
      assertEquals(2.0, sensors[2], 4.096 / 32768);
      assertEquals(2.0 * 1.0 - 0.5, sensors[3], 2 * 4.096 / 32768);
    }
  }

  @Test
  void shouldReadADigitalInput() {
    try (Pi4jPlantIO plant =
        plant(List.of(new DigitalIn("limit", 26, InputPull.UP, 1000, 1, 0)), List.of())) {
      double[] sensors = new double[1];
      ((MockDigitalInput) context.io("din-26")).mockState(DigitalState.HIGH);
      plant.read(sensors, 0);
      assertEquals(1.0, sensors[0]);
    }
  }

  @Test
  void shouldRejectASpecThatUsesAPinTwice() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                plant(
                    List.of(new Encoder("shaft_rad", 17, 27, InputPull.UP, 1200, 1, 0)),
                    List.of(new HBridgeMotor("motor_v", 0, 20_000, 17, -1, 12.0, 0.2, -12, 12))));
    assertEquals("actuator 'motor_v': gpio 17 already used by sensor 'shaft_rad'", e.getMessage());
  }

  @Test
  void shouldRejectChannelsThatDisagreeOnAChipsSettings() {
    chip(1, 0x68, new Mpu6050Emulation());
    Mpu6050.AccelRange g2 = Mpu6050.AccelRange.G_2;
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                plant(
                    List.of(
                        new Mpu6050Axis(
                            "a",
                            1,
                            0x68,
                            Mpu6050.Axis.GYRO_X,
                            Mpu6050.GyroRange.DPS_250,
                            g2,
                            0,
                            1,
                            0),
                        new Mpu6050Axis(
                            "b",
                            1,
                            0x68,
                            Mpu6050.Axis.GYRO_Y,
                            Mpu6050.GyroRange.DPS_500,
                            g2,
                            0,
                            1,
                            0)),
                    List.of()));
    assertTrue(
        e.getMessage().startsWith("sensor 'b': i2c-1 address 0x68 is configured as"),
        e.getMessage());
  }

  @Test
  void shouldRejectADuplicateChannelName() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            plant(
                List.of(
                    new DigitalIn("x", 5, InputPull.UP, 0, 1, 0),
                    new DigitalIn("x", 6, InputPull.UP, 0, 1, 0)),
                List.of()));
  }

  @Test
  void shouldNotAllocatePerTick() {
    chip(1, Pca9685.DEFAULT_ADDRESS, new Pca9685Emulation(OSC));
    chip(1, As5600.ADDRESS, new As5600Emulation()).setMagnetAngleRad(2.0);
    chip(1, 0x68, new Mpu6050Emulation());
    Mpu6050.GyroRange gyro = Mpu6050.GyroRange.DPS_250;
    Mpu6050.AccelRange accel = Mpu6050.AccelRange.G_2;
    try (Pi4jPlantIO plant =
        plant(
            List.of(
                new Encoder("shaft_rad", 17, 27, InputPull.UP, 1200, 1, 0),
                new As5600Angle("arm_rad", 1, As5600.ADDRESS, true, 1, 0),
                new Mpu6050Axis("rate", 1, 0x68, Mpu6050.Axis.GYRO_Z, gyro, accel, 0, 1, 0)),
            List.of(
                new HBridgeMotor("motor_v", 0, 20_000, 5, 6, 12.0, 0.2, -12, 12),
                new Pca9685Output(
                    "servo", 1, 0x40, 3, 50, 0, Pca9685Mode.PULSE_US, -1, 1, 1000, 2000)))) {
      double[] sensors = new double[3];
      double[] command = new double[2];
      long[] tick = {0};

      Allocations.assertNoAllocationPerCall(
          () -> {
            long t = tick[0]++;
            plant.read(sensors, t);
            command[0] = (t % 200) / 10.0 - 10;
            command[1] = (t % 100) / 50.0 - 1;
            plant.write(command, t);
          });
    }
  }
}
