package dev.reflex.plant.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A whole board for tests outside this package (the composition root, the shipped configs): Pi4J's
 * mock pins ({@link MockPi4jContexts}), a {@link FakePwmSysfs} with chip 0 and four channels, and a
 * register-level chip emulation at every I2C address a spec names (AS5600, MPU-6050, ADS1115,
 * PCA9685). {@link #open} builds a {@link Pi4jPlantIO} from a spec as a board would, except that
 * the spec's board options are replaced by the fake PWM directory.
 *
 * <p>Threading: the test thread (the loop may run on another thread; the emulations are then read
 * without synchronisation, which is enough for tests that wait for ticks).
 */
public final class MockBoard implements AutoCloseable {

  /** The fake PWM chip's number. */
  public static final int PWM_CHIP = 0;

  private static final int[][] GRAY = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};

  private final FakePwmSysfs sysfs;
  private final Context context;
  private final Pi4jBoardOptions options;
  private final Map<String, EmulatedI2cChip> chips = new HashMap<>();
  private final Set<String> unplugged = new HashSet<>();
  private final Map<String, Integer> encoderPositions = new HashMap<>();

  /** A board whose PWM sysfs files live under {@code dir}. */
  public MockBoard(Path dir) {
    this.sysfs = new FakePwmSysfs(dir, PWM_CHIP, 4);
    this.context = MockPi4jContexts.create(sysfs, PWM_CHIP);
    this.options =
        new Pi4jBoardOptions(Pi4jBoardOptions.Board.RASPBERRY_PI, null, PWM_CHIP, dir.toString());
  }

  /** Leaves no chip at {@code bus/address}: it fails every transfer (opened later or not). */
  public void unplug(int bus, int address) {
    unplugged.add(key(bus, address));
    EmulatedI2cChip chip = chips.get(key(bus, address));
    if (chip != null) {
      chip.setFailing(true);
    }
  }

  /**
   * Opens {@code spec}'s devices on this board: emulations for its I2C chips, the mock pins, the
   * fake PWM directory (in place of the spec's board options).
   */
  public Pi4jPlantIO open(Pi4jPlantSpec spec) {
    for (Pi4jSensorSpec s : spec.sensors()) {
      switch (s) {
        case Pi4jSensorSpec.As5600Angle a -> emulate(a.bus(), a.address(), new As5600Emulation());
        case Pi4jSensorSpec.Mpu6050Axis m -> emulate(m.bus(), m.address(), new Mpu6050Emulation());
        case Pi4jSensorSpec.Ads1115Input a -> emulate(a.bus(), a.address(), new Ads1115Emulation());
        default -> {}
      }
    }
    for (Pi4jActuatorSpec a : spec.actuators()) {
      if (a instanceof Pi4jActuatorSpec.Pca9685Output p) {
        double oscillatorHz =
            p.oscillatorHz() > 0 ? p.oscillatorHz() : Pca9685.INTERNAL_OSCILLATOR_HZ;
        emulate(p.bus(), p.address(), new Pca9685Emulation(oscillatorHz));
      }
    }
    return new Pi4jPlantIO(
        context,
        new Pi4jPlantSpec(options, spec.sensors(), spec.actuators()),
        (bus, address) -> {
          EmulatedI2cChip chip = chips.get(key(bus, address));
          if (chip == null) {
            throw new IllegalStateException("no chip at i2c-" + bus + " 0x" + hex(address));
          }
          return chip;
        });
  }

  private void emulate(int bus, int address, EmulatedI2cChip chip) {
    String key = key(bus, address);
    if (chips.putIfAbsent(key, chip) == null && unplugged.contains(key)) {
      chip.setFailing(true);
    }
  }

  /** Turns the AS5600's magnet at {@code bus/address}. */
  public void setMagnetAngleRad(int bus, int address, double angleRad) {
    ((As5600Emulation) chip(bus, address)).setMagnetAngleRad(angleRad);
  }

  /** Takes the AS5600's magnet away (its STATUS then shows no magnet) or puts it back. */
  public void setMagnetPresent(int bus, int address, boolean present) {
    ((As5600Emulation) chip(bus, address)).setMagnetPresent(present);
  }

  /** The high time of a PCA9685 channel's output in microseconds (0 when full off or asleep). */
  public double pca9685PulseUs(int bus, int address, int channel) {
    return ((Pca9685Emulation) chip(bus, address)).pulseUs(channel);
  }

  /** The PCA9685's output frequency as its PRE_SCALE sets it. */
  public double pca9685FrequencyHz(int bus, int address) {
    return ((Pca9685Emulation) chip(bus, address)).frequencyHz();
  }

  /** I2C transfers the chip at {@code bus/address} has seen. */
  public int transfers(int bus, int address) {
    return chip(bus, address).transfers();
  }

  /** The duty the PWM channel's sysfs file holds, in nanoseconds. */
  public long pwmDutyNs(int channel) {
    return sysfs.read(PWM_CHIP, channel, "duty_cycle");
  }

  /** The period the PWM channel's sysfs file holds, in nanoseconds. */
  public long pwmPeriodNs(int channel) {
    return sysfs.read(PWM_CHIP, channel, "period");
  }

  /** True when the output on GPIO line {@code bcm} is high. */
  public boolean outputHigh(int bcm) {
    return ((DigitalOutput) context.io("dout-" + bcm)).isHigh();
  }

  /** Sets the mock input on GPIO line {@code bcm}. */
  public void setInput(int bcm, boolean high) {
    ((MockDigitalInput) context.io("din-" + bcm))
        .mockState(high ? DigitalState.HIGH : DigitalState.LOW);
  }

  /**
   * Moves the quadrature encoder on lines {@code pinA}/{@code pinB} by {@code counts} edges
   * (positive: A leads B), one Gray-code step at a time.
   */
  public void turnEncoder(int pinA, int pinB, int counts) {
    String key = pinA + "/" + pinB;
    int position = encoderPositions.getOrDefault(key, 0);
    int step = counts > 0 ? 1 : -1;
    for (int i = 0; i < Math.abs(counts); i++) {
      position += step;
      int[] s = GRAY[Math.floorMod(position, 4)];
      setInput(pinA, s[0] == 1);
      setInput(pinB, s[1] == 1);
    }
    encoderPositions.put(key, position);
  }

  /** The Pi4J context (mock pins, fake PWM). */
  public Context context() {
    return context;
  }

  private EmulatedI2cChip chip(int bus, int address) {
    EmulatedI2cChip chip = chips.get(key(bus, address));
    if (chip == null) {
      throw new IllegalStateException("no chip emulated at i2c-" + bus + " 0x" + hex(address));
    }
    return chip;
  }

  private static String key(int bus, int address) {
    return bus + "/" + address;
  }

  private static String hex(int address) {
    return Integer.toHexString(address);
  }

  /** Shuts the context down. */
  @Override
  public void close() {
    context.shutdown();
  }
}
