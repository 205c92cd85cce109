package dev.reflex.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.config.ConfigLoader;
import dev.reflex.config.ControllerConfig;
import dev.reflex.config.PlantConfig;
import dev.reflex.plant.PlantIO;
import dev.reflex.plant.PlantStatus;
import dev.reflex.plant.pi4j.InputPull;
import dev.reflex.plant.pi4j.MockBoard;
import dev.reflex.plant.pi4j.Mpu6050;
import dev.reflex.plant.pi4j.Pi4jActuatorSpec;
import dev.reflex.plant.pi4j.Pi4jBoardOptions;
import dev.reflex.plant.pi4j.Pi4jPlantSpec;
import dev.reflex.plant.pi4j.Pi4jSensorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Config devices onto the Pi4J spec: names, pins, board options, errors; opened on a mock board.
 */
class Pi4jPlantFactoryTest {
  @TempDir Path dir;

  private static PlantConfig.Pi4j pi4j(ControllerConfig c) {
    return (PlantConfig.Pi4j) c.plant();
  }

  private Pi4jPlantSpec spec(ControllerConfig c) {
    return Pi4jPlantFactory.spec(c, pi4j(c), dir.toString());
  }

  @Test
  void shouldTakeTheI2cTransportFromTheBoardProfile() throws Exception {
    ControllerConfig shipped = ShippedControllers.load(dir, "dc-motor-pi5.yaml", 2, 1, -12, 12);
    assertEquals(Pi4jBoardOptions.I2cTransport.FFM, spec(shipped).board().i2cTransport());

    Path profile = dir.resolve("controllers/pi5-pi4j-i2c.yaml");
    String pi5 = Files.readString(Path.of("../firmware-config/boards/raspberry-pi-5.yaml"));
    Files.writeString(profile, pi5.replace("i2c_transport: ffm", "i2c_transport: pi4j"));
    Path config = dir.resolve("controllers/dc-motor-pi5.yaml");
    Files.writeString(
        config,
        Files.readString(config).replace("board: raspberry-pi-5", "board: ./pi5-pi4j-i2c.yaml"));
    ControllerConfig pi4jI2c = ConfigLoader.load(config);
    assertEquals(Pi4jBoardOptions.I2cTransport.PI4J, spec(pi4jI2c).board().i2cTransport());
  }

  @Test
  void shouldMapTheDcMotorServoOntoBcmLinesAndThePwmChannel() throws Exception {
    ControllerConfig c = ShippedControllers.load(dir, "dc-motor-pi5.yaml", 2, 1, -12, 12);
    Pi4jPlantSpec spec = spec(c);
    assertEquals(
        new Pi4jBoardOptions(
            Pi4jBoardOptions.Board.RASPBERRY_PI,
            null,
            -1,
            dir.toString(),
            Pi4jBoardOptions.I2cTransport.FFM),
        spec.board());
    // theta and theta_dot both read encoder.angle_rad: one channel
    assertEquals(
        List.of(new Pi4jSensorSpec.Encoder("encoder.angle_rad", 23, 24, InputPull.OFF, 1200, 1, 0)),
        spec.sensors());
    assertEquals(
        List.of(
            new Pi4jActuatorSpec.HBridgeMotor(
                "motor.voltage_v", 0, 20_000, 5, 6, 12.0, 0.0, -12.0, 12.0, false)),
        spec.actuators());
  }

  @Test
  void shouldMapThePca9685ServoOntoItsI2cChips() throws Exception {
    ControllerConfig c =
        ShippedControllers.load(dir, "servo-pca9685-as5600.yaml", 3, 1, 1100, 1900);
    Pi4jPlantSpec spec = spec(c);
    assertEquals(
        List.of(new Pi4jSensorSpec.As5600Angle("angle.angle_rad", 1, 0x36, true, 1, 0)),
        spec.sensors());
    assertEquals(
        List.of(
            new Pi4jActuatorSpec.Pca9685Output(
                "servo.pulse_us",
                1,
                0x40,
                0,
                200.0,
                0,
                Pi4jActuatorSpec.Pca9685Mode.PULSE_US,
                1000,
                2000,
                1000,
                2000)),
        spec.actuators());
  }

  @Test
  void shouldReportTheNamesSignalMappingLooksFor() throws Exception {
    ControllerConfig c = ShippedControllers.load(dir, "dc-motor-pi5.yaml", 2, 1, -12, 12);
    try (MockBoard board = new MockBoard(dir.resolve("pwm"));
        PlantIO plant = Pi4jPlantFactory.open(c, pi4j(c), dir.toString(), board::open)) {
      assertArrayEquals(new String[] {"encoder.angle_rad"}, plant.sensorNames());
      assertArrayEquals(new String[] {"motor.voltage_v"}, plant.actuatorNames());
      assertEquals(2, SignalMapping.observations(c, plant).size());
      SignalMapping.checkActions(c, plant); // throws on a mismatch
    }
  }

  private ControllerConfig everyDevice(String extraDevice) throws Exception {
    Path file = dir.resolve("every-device.yaml");
    Files.writeString(
        file,
        """
        name: every-device
        board: raspberry-pi-4
        plant:
          backend: pi4j
          pi4j:
            devices:
              - {name: encoder, type: encoder, a: 16, b: 18, counts_per_rev: 1200}
              - {name: imu, type: mpu6050, bus: 1, address: 0x68, accel_range_g: 4, gyro_range_dps: 500}
              - {name: adc, type: ads1115, bus: 1, address: 0x48, full_scale_v: 2.048, data_rate_sps: 475}
              - {name: button, type: digital_in, pin: 11, pull: up, active_low: true, debounce_us: 200}
              - {name: motor, type: hbridge, pwm: 32, dir: [29, 31], supply_v: 12, invert: true}
              - {name: servo, type: pca9685, bus: 1, address: 0x40, channel: 3, frequency: 50 Hz}
              - {name: led, type: digital_out, pin: 13, active_low: true, initial: 1}
              - {name: fan, type: pwm, pin: 33, frequency: 25 kHz}
        %s
        observation:
          - {name: angle, from: encoder.angle_rad, unit: rad}
          - {name: counts, from: encoder.counts, unit: "1"}
          - {name: accel_z, from: imu.accel_z_m_s2, unit: m/s2}
          - {name: gyro_x, from: imu.gyro_x_rad_s, unit: rad/s}
          - {name: a0, from: adc.a0_v, unit: V}
          - {name: a2, from: adc.a2_v, unit: V}
          - {name: pressed, from: button.state, unit: "1"}
          - {name: cos_angle, from: encoder.angle_rad, transform: cos, unit: "1"}
        action:
          - {name: voltage, to: motor.voltage_v, min: -12, max: 12, unit: V, safe: 0}
          - {name: pulse, to: servo.pulse_us, min: 1000, max: 2000, unit: us, safe: 1500}
          - {name: light, to: led.state, min: 0, max: 1, unit: "1", safe: 0}
          - {name: airflow, to: fan.duty, min: 0, max: 1, unit: "1", safe: 0}
        actor: every-device.safetensors
        """
            .formatted(extraDevice));
    StandInActors.write(
        dir.resolve("every-device.safetensors"),
        8,
        new double[] {-12, 1000, 0, 0},
        new double[] {12, 2000, 1, 1},
        3);
    return ConfigLoader.load(file);
  }

  @Test
  void shouldMapEveryDeviceType() throws Exception {
    ControllerConfig c = everyDevice("");
    Pi4jPlantSpec spec = spec(c);
    assertEquals(
        List.of(
            "encoder.angle_rad",
            "encoder.counts",
            "imu.accel_z_m_s2",
            "imu.gyro_x_rad_s",
            "adc.a0_v",
            "adc.a2_v",
            "button.state"),
        spec.sensors().stream().map(Pi4jSensorSpec::name).toList());
    var imu = (Pi4jSensorSpec.Mpu6050Axis) spec.sensors().get(2);
    assertEquals(Mpu6050.Axis.ACCEL_Z, imu.axis());
    assertEquals(Mpu6050.AccelRange.G_4, imu.accelRange());
    assertEquals(Mpu6050.GyroRange.DPS_500, imu.gyroRange());
    assertEquals(3, imu.dlpfConfig(), "44 Hz: the widest bandwidth below 50 Hz at 100 Hz");
    var button = (Pi4jSensorSpec.DigitalIn) spec.sensors().get(6);
    assertEquals(
        new Pi4jSensorSpec.DigitalIn("button.state", 17, InputPull.UP, 200, -1, 1), button);
    assertEquals(
        List.of("motor.voltage_v", "servo.pulse_us", "led.state", "fan.duty"),
        spec.actuators().stream().map(Pi4jActuatorSpec::name).toList());
    assertEquals(
        new Pi4jActuatorSpec.PwmOutput("fan.duty", 1, 25_000, 0, 1, 0, 1), spec.actuators().get(3));
  }

  @Test
  void shouldDriveAndReadEveryDeviceTypeOnTheMockBoard() throws Exception {
    ControllerConfig c = everyDevice("");
    try (MockBoard board = new MockBoard(dir.resolve("pwm"));
        PlantIO plant = Pi4jPlantFactory.open(c, pi4j(c), dir.toString(), board::open)) {
      assertFalse(board.outputHigh(27), "led opened at initial 1, active low");

      board.turnEncoder(23, 24, 300);
      board.setInput(17, true); // released: active low reads 0
      double[] sensors = new double[7];
      assertEquals(PlantStatus.OK, plant.read(sensors, 1_000_000));
      assertEquals(Math.PI / 2, sensors[0], 1e-12);
      assertEquals(300, sensors[1], 1e-9);
      assertEquals(0, sensors[6]);
      board.setInput(17, false);
      plant.read(sensors, 2_000_000);
      assertEquals(1, sensors[6]);

      assertEquals(PlantStatus.OK, plant.write(new double[] {6, 1500, 1, 0.25}, 3_000_000));
      assertEquals(25_000, board.pwmDutyNs(0), "|6 V| / 12 V of 50 us");
      assertFalse(board.outputHigh(5), "inverted: +6 V drives in1 low");
      assertTrue(board.outputHigh(6), "inverted: +6 V drives in2 high");
      assertEquals(
          1500, board.pca9685PulseUs(1, 0x40, 3), 5.0, "within one count of the 20 ms period");
      assertFalse(board.outputHigh(27), "state 1, active low: pin low");
      assertEquals(10_000, board.pwmDutyNs(1), "0.25 of 40 us");

      plant.write(new double[] {-6, 1500, 0, 0.25}, 4_000_000);
      assertTrue(board.outputHigh(5));
      assertTrue(board.outputHigh(27), "state 0, active low: pin high");

      plant.writeSafe(c.actionSafe());
      assertEquals(0, board.pwmDutyNs(0));
      assertEquals(0, board.pwmDutyNs(1));
      assertEquals(0, board.pca9685PulseUs(1, 0x40, 3), "full off");
      assertTrue(board.outputHigh(27), "safe state 0, active low: pin high");
    }
  }

  @Test
  void shouldRefuseAnActuatorNoActionDrives() throws Exception {
    ControllerConfig c = everyDevice("      - {name: buzzer, type: digital_out, pin: 15}");
    var e = assertThrows(IllegalArgumentException.class, () -> spec(c));
    assertTrue(
        e.getMessage().startsWith(c.file() + ": plant.pi4j.devices[8] (buzzer, digital_out): "),
        e.getMessage());
    assertTrue(e.getMessage().contains("to: buzzer.state"), e.getMessage());
  }

  @Test
  void shouldNameTheFileAndTheDeviceWhenAChipDoesNotAnswer() throws Exception {
    ControllerConfig c =
        ShippedControllers.load(dir, "servo-pca9685-as5600.yaml", 3, 1, 1100, 1900);
    try (MockBoard board = new MockBoard(dir.resolve("pwm"))) {
      board.unplug(1, 0x40);
      var e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Pi4jPlantFactory.open(c, pi4j(c), dir.toString(), board::open));
      assertTrue(
          e.getMessage()
              .startsWith(
                  c.file()
                      + ": plant.pi4j.devices[1] (servo, pca9685): actuator 'servo.pulse_us': PCA9685"),
          e.getMessage());
    }
  }

  @Test
  void shouldFailCleanlyOnTheRealBoardPathWithoutTheBoard() throws Exception {
    ControllerConfig motor = ShippedControllers.load(dir, "dc-motor-pi5.yaml", 2, 1, -12, 12);
    Assumptions.assumeFalse(
        BoardCheck.missingGpio(motor.board(), Path.of("/dev")) == null,
        "this machine has a GPIO chip: not the workstation case");
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> Pi4jPlantFactory.open(motor, pi4j(motor)));
    // no GPIO chip at all: said before Pi4J starts (it would log errors, then fail obscurely)
    assertEquals(
        motor.file()
            + ": this is not a Raspberry Pi (no /dev/gpiochip*) but board 'raspberry-pi-5'"
            + " (Raspberry Pi 5) needs one; run it on that board, or try a simulated config such"
            + " as firmware-config/controllers/pendulum-sim.yaml",
        e.getMessage());
    ControllerConfig servo =
        ShippedControllers.load(
            dir.resolve("servo"), "servo-pca9685-as5600.yaml", 3, 1, 1100, 1900);
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Pi4jPlantFactory.open(servo, pi4j(servo)));
    assertTrue(
        e.getMessage()
            .startsWith(servo.file() + ": this is not a Raspberry Pi (no /dev/gpiochip*)"),
        e.getMessage());
  }

  private ControllerConfig jetson(String secondPwm) throws Exception {
    Path file = dir.resolve("jetson.yaml");
    Files.writeString(
        file,
        """
        name: jetson-motor
        board: jetson-orin-nano
        plant:
          backend: pi4j
          pi4j:
            devices:
              - {name: encoder, type: encoder, a: 16, b: 18, counts_per_rev: 2048, invert: true}
              - {name: motor, type: hbridge, pwm: 15, dir: 29, supply_v: 24}
        %s
        observation:
          - {name: theta, from: encoder.angle_rad, unit: rad}
          - {name: n, from: encoder.counts, unit: "1"}
        action:
          - {name: voltage, to: motor.voltage_v, min: -24, max: 24, unit: V, safe: 0}
        %s
        actor: jetson.safetensors
        """
            .formatted(
                secondPwm.isEmpty() ? "" : "      " + secondPwm,
                secondPwm.isEmpty()
                    ? ""
                    : "  - {name: fan_duty, to: fan.duty, min: 0, max: 1, unit: \"1\", safe: 0}"));
    StandInActors.write(
        dir.resolve("jetson.safetensors"),
        2,
        secondPwm.isEmpty() ? new double[] {-24} : new double[] {-24, 0},
        secondPwm.isEmpty() ? new double[] {24} : new double[] {24, 1},
        3);
    return ConfigLoader.load(file);
  }

  /** A PWM class directory where pwmchip3's device is the platform device {@code name}. */
  private void pwmChipLinkedTo(int number, String name) throws Exception {
    Path platform = Files.createDirectories(dir.resolve("platform").resolve(name));
    Path chip = Files.createDirectories(dir.resolve("pwmchip" + number));
    Files.createSymbolicLink(chip.resolve("device"), chip.relativize(platform));
  }

  @Test
  void shouldRunAJetsonOnTheGenericBoardWithItsChipAndPwmChip() throws Exception {
    pwmChipLinkedTo(1, "32e0000.pwm");
    pwmChipLinkedTo(3, "3280000.pwm");
    ControllerConfig c = jetson("");
    Pi4jPlantSpec spec = spec(c);
    assertEquals(
        new Pi4jBoardOptions(
            Pi4jBoardOptions.Board.GENERIC,
            "gpiochip0",
            3,
            dir.toString(),
            Pi4jBoardOptions.I2cTransport.FFM),
        spec.board());
    double sign = -1; // invert
    assertEquals(
        List.of(
            new Pi4jSensorSpec.Encoder("encoder.angle_rad", 126, 125, InputPull.OFF, 2048, sign, 0),
            new Pi4jSensorSpec.Encoder(
                "encoder.counts", 126, 125, InputPull.OFF, 2048, sign * 2048 / (2 * Math.PI), 0)),
        spec.sensors());
    assertEquals(
        new Pi4jActuatorSpec.HBridgeMotor(
            "motor.voltage_v", 0, 20_000, 105, -1, 24.0, 0.0, -24.0, 24.0, false),
        spec.actuators().get(0));
  }

  @Test
  void shouldRefuseTwoPwmChipsOnAJetson() throws Exception {
    ControllerConfig c = jetson("- {name: fan, type: pwm, pin: 32, frequency: 25 kHz}");
    var e = assertThrows(IllegalArgumentException.class, () -> spec(c));
    assertTrue(
        e.getMessage()
            .startsWith(
                c.file()
                    + ": plant.pi4j.devices[2] (fan, pwm): its PWM is on 32e0000.pwm but motor's is on 3280000.pwm"),
        e.getMessage());
  }

  @Test
  void shouldNameAJetsonPwmChipThatIsNotThere() throws Exception {
    ControllerConfig c = jetson("");
    var e = assertThrows(IllegalArgumentException.class, () -> spec(c));
    assertTrue(
        e.getMessage()
            .startsWith(
                c.file()
                    + ": plant.pi4j.devices[1] (motor, hbridge): PWM chip 3280000.pwm not found under "),
        e.getMessage());
  }
}
