package dev.reflex.plant.pi4j;

import com.pi4j.context.Context;
import dev.reflex.plant.PlantStatus;
import dev.reflex.plant.pi4j.Pi4jActuatorSpec.DigitalOut;
import dev.reflex.plant.pi4j.Pi4jActuatorSpec.HBridgeMotor;
import dev.reflex.plant.pi4j.Pi4jActuatorSpec.Pca9685Mode;
import dev.reflex.plant.pi4j.Pi4jActuatorSpec.Pca9685Output;
import dev.reflex.plant.pi4j.Pi4jActuatorSpec.PwmOutput;
import dev.reflex.plant.pi4j.Pi4jSensorSpec.Ads1115Input;
import dev.reflex.plant.pi4j.Pi4jSensorSpec.As5600Angle;
import dev.reflex.plant.pi4j.Pi4jSensorSpec.DigitalIn;
import dev.reflex.plant.pi4j.Pi4jSensorSpec.Encoder;
import dev.reflex.plant.pi4j.Pi4jSensorSpec.Mpu6050Axis;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Turns a {@link Pi4jPlantSpec} into opened drivers: one driver per I2C chip (shared by its
 * channels), one per pin and PWM channel, each checked against the others. Not real-time; runs once
 * when {@link Pi4jPlantIO} is built.
 */
final class Pi4jPlantBuilder {

  private final Context context;
  private final I2cDeviceOpener opener;
  private final String pwmPath;
  private final int pwmChip;

  final List<AutoCloseable> closeables = new ArrayList<>();
  final List<PolledDevice> polled = new ArrayList<>();
  final List<DoubleSupplier> sensorSources = new ArrayList<>();
  final List<ActuatorChannel> actuators = new ArrayList<>();

  private final Map<String, I2cDevice> chips = new HashMap<>();
  private final Map<String, Object> drivers = new HashMap<>();
  private final Map<String, Object> driverSettings = new HashMap<>();
  private final Map<Integer, String> pins = new HashMap<>();
  private final Map<Integer, String> pwmChannels = new HashMap<>();
  private final Map<String, String> names = new HashMap<>();

  Pi4jPlantBuilder(Context context, Pi4jBoardOptions board, I2cDeviceOpener opener) {
    this.context = context;
    this.opener = opener;
    this.pwmPath = board.pwmSysfsPath();
    this.pwmChip = board.effectivePwmChip();
  }

  void build(Pi4jPlantSpec spec) {
    Map<String, List<Ads1115.Input>> adsInputs = new LinkedHashMap<>();
    for (Pi4jSensorSpec s : spec.sensors()) {
      if (s instanceof Ads1115Input a) {
        List<Ads1115.Input> inputs =
            adsInputs.computeIfAbsent(key(a.bus(), a.address()), k -> new ArrayList<>());
        if (!inputs.contains(a.input())) {
          inputs.add(a.input());
        }
      }
    }
    for (Pi4jSensorSpec s : spec.sensors()) {
      claimName("sensor", s.name());
      try {
        sensorSources.add(sensor(s, adsInputs));
      } catch (RuntimeException e) {
        throw named("sensor '" + s.name() + "'", e);
      }
    }
    for (Pi4jActuatorSpec a : spec.actuators()) {
      claimName("actuator", a.name());
      if (!(a.minValue() < a.maxValue())) {
        throw new IllegalArgumentException(
            "actuator '"
                + a.name()
                + "': minValue "
                + a.minValue()
                + " must be below maxValue "
                + a.maxValue());
      }
      try {
        actuators.add(actuator(a));
      } catch (RuntimeException e) {
        throw named("actuator '" + a.name() + "'", e);
      }
    }
  }

  /**
   * {@code e} with {@code what} in front of its message, unless it names it already (Pi4J's and the
   * file system's exceptions do not know the channel); argument errors stay argument errors.
   */
  private static RuntimeException named(String what, RuntimeException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (message.startsWith(what)) {
      return e;
    }
    return e instanceof IllegalArgumentException
        ? new IllegalArgumentException(what + ": " + message, e)
        : new IllegalStateException(what + ": " + message, e);
  }

  private DoubleSupplier sensor(Pi4jSensorSpec spec, Map<String, List<Ads1115.Input>> adsInputs) {
    String what = "sensor '" + spec.name() + "'";
    switch (spec) {
      case Encoder e -> {
        QuadratureEncoder encoder = encoder(what, e);
        return encoder::angleRad;
      }
      case As5600Angle s -> {
        As5600 sensor =
            shared(
                what,
                s.bus(),
                s.address(),
                List.of("as5600", s.rawAngle()),
                device -> {
                  As5600 created = new As5600(device, s.rawAngle());
                  polled.add(created::read);
                  return created;
                });
        return sensor::angleRad;
      }
      case Mpu6050Axis m -> {
        Object settings = List.of("mpu6050", m.gyroRange(), m.accelRange(), m.dlpfConfig());
        Mpu6050 imu =
            shared(
                what,
                m.bus(),
                m.address(),
                settings,
                device -> {
                  Mpu6050 created =
                      new Mpu6050(device, m.gyroRange(), m.accelRange(), m.dlpfConfig());
                  polled.add(created::read);
                  return created;
                });
        Mpu6050.Axis axis = m.axis();
        return () -> imu.value(axis);
      }
      case Ads1115Input a -> {
        Object settings = List.of("ads1115", a.pga(), a.dataRate());
        Ads1115Poller poller =
            shared(
                what,
                a.bus(),
                a.address(),
                settings,
                device -> {
                  Ads1115Poller created =
                      new Ads1115Poller(
                          new Ads1115(device, a.pga(), a.dataRate()),
                          adsInputs.get(key(a.bus(), a.address())).toArray(new Ads1115.Input[0]));
                  polled.add(created);
                  return created;
                });
        int index = poller.indexOf(a.input());
        return () -> poller.volts(index);
      }
      case DigitalIn d -> {
        DigitalInputPin pin = inputPin(what, d.pin(), d.pull(), d.debounceUs());
        DigitalLevel level = new DigitalLevel(pin);
        polled.add(level);
        return level;
      }
    }
  }

  private ActuatorChannel actuator(Pi4jActuatorSpec spec) {
    String what = "actuator '" + spec.name() + "'";
    double lo = spec.minValue();
    double hi = spec.maxValue();
    switch (spec) {
      case HBridgeMotor h -> {
        HardwarePwm pwm = pwm(what, h.pwmChannel(), h.frequencyHz());
        DigitalOutputPin first = outputPin(what, h.directionPin(), false);
        HBridge bridge =
            h.secondDirectionPin() < 0
                ? HBridge.phaseEnable(pwm, first, h.supplyV(), h.deadbandV())
                : HBridge.twoInputs(
                    pwm,
                    first,
                    outputPin(what, h.secondDirectionPin(), false),
                    h.supplyV(),
                    h.deadbandV());
        closeables.add(bridge);
        double sign = h.invert() ? -1.0 : 1.0;
        return new ActuatorChannel() {
          @Override
          public int write(double value) {
            return bridge.setVolts(sign * clamp(value, lo, hi));
          }

          @Override
          public int safe() {
            return bridge.stop();
          }
        };
      }
      case Pca9685Output p -> {
        double oscillatorHz =
            p.oscillatorHz() > 0 ? p.oscillatorHz() : Pca9685.INTERNAL_OSCILLATOR_HZ;
        if (p.channel() < 0 || p.channel() > 15) {
          throw new IllegalArgumentException(
              what + ": channel " + p.channel() + " out of range: allowed 0..15");
        }
        Pca9685 chip =
            shared(
                what,
                p.bus(),
                p.address(),
                List.of("pca9685", p.frequencyHz(), oscillatorHz),
                device -> new Pca9685(device, p.frequencyHz(), oscillatorHz));
        claimPca9685Channel(what, p);
        int channel = p.channel();
        double outLo = p.minOutput();
        double outHi = p.maxOutput();
        boolean pulse = p.mode() == Pca9685Mode.PULSE_US;
        return new ActuatorChannel() {
          @Override
          public int write(double value) {
            double out = map(value, lo, hi, outLo, outHi);
            return pulse ? chip.setPulseUs(channel, out) : chip.setDuty(channel, out);
          }

          @Override
          public int safe() {
            return chip.fullOff(channel);
          }
        };
      }
      case PwmOutput p -> {
        HardwarePwm pwm = pwm(what, p.channel(), p.frequencyHz());
        closeables.add(pwm);
        double dutyLo = p.minDuty();
        double dutyHi = p.maxDuty();
        return new ActuatorChannel() {
          @Override
          public int write(double value) {
            return pwm.setDuty(map(value, lo, hi, dutyLo, dutyHi));
          }

          @Override
          public int safe() {
            return pwm.off();
          }
        };
      }
      case DigitalOut d -> {
        claimPin(what, d.pin());
        DigitalOutputPin pin =
            new DigitalOutputPin(context, d.pin(), d.safeHigh(), d.initialHigh());
        closeables.add(pin);
        double middle = (lo + hi) / 2;
        boolean activeLow = d.activeLow();
        return new ActuatorChannel() {
          @Override
          public int write(double value) {
            return pin.set((value >= middle) != activeLow);
          }

          @Override
          public int safe() {
            return pin.safe();
          }
        };
      }
    }
  }

  /** {@code value} clamped to [lo, hi] and mapped linearly onto [outLo, outHi]; NaN maps to lo. */
  static double map(double value, double lo, double hi, double outLo, double outHi) {
    double v = clamp(value, lo, hi);
    return outLo + (v - lo) * (outHi - outLo) / (hi - lo);
  }

  /** {@code value} clamped to [lo, hi]; NaN gives lo. */
  static double clamp(double value, double lo, double hi) {
    return value >= lo ? Math.min(value, hi) : lo;
  }

  private interface DriverFactory<T> {
    T create(I2cDevice device);
  }

  @SuppressWarnings("unchecked")
  private <T> T shared(
      String what, int bus, int address, Object settings, DriverFactory<T> factory) {
    String key = key(bus, address);
    Object existing = drivers.get(key);
    if (existing != null) {
      if (!driverSettings.get(key).equals(settings)) {
        throw new IllegalArgumentException(
            what
                + ": "
                + key
                + " is configured as "
                + settings
                + " here and as "
                + driverSettings.get(key)
                + " by an earlier channel");
      }
      return (T) existing; // same settings include the same device kind
    }
    I2cDevice device = chips.computeIfAbsent(key, k -> opener.open(bus, address));
    closeables.add(device);
    T driver = factory.create(device);
    drivers.put(key, driver);
    driverSettings.put(key, settings);
    return driver;
  }

  private final Map<String, String> pcaChannels = new HashMap<>();
  private final Map<String, QuadratureEncoder> encoders = new HashMap<>();
  private final Map<String, Object> encoderSettings = new HashMap<>();

  /**
   * The encoder on {@code e}'s pins: opened by the first channel that names them, shared by later
   * channels on the same pins (e.g. an angle and a count channel) if they agree on its settings.
   */
  private QuadratureEncoder encoder(String what, Encoder e) {
    String key = "gpio " + e.pinA() + "/" + e.pinB();
    Object settings = List.of(String.valueOf(e.pull()), e.countsPerRev());
    QuadratureEncoder existing = encoders.get(key);
    if (existing != null) {
      if (!encoderSettings.get(key).equals(settings)) {
        throw new IllegalArgumentException(
            what
                + ": the encoder on "
                + key
                + " is configured as "
                + settings
                + " here and as "
                + encoderSettings.get(key)
                + " by an earlier channel");
      }
      return existing;
    }
    DigitalInputPin a = inputPin(what, e.pinA(), e.pull(), 0);
    DigitalInputPin b = inputPin(what, e.pinB(), e.pull(), 0);
    QuadratureEncoder encoder = new QuadratureEncoder(a, b, e.countsPerRev());
    encoders.put(key, encoder);
    encoderSettings.put(key, settings);
    return encoder;
  }

  private void claimPca9685Channel(String what, Pca9685Output p) {
    String channelKey = key(p.bus(), p.address()) + " channel " + p.channel();
    String previous = pcaChannels.putIfAbsent(channelKey, what);
    if (previous != null) {
      throw new IllegalArgumentException(what + ": " + channelKey + " already used by " + previous);
    }
  }

  private DigitalInputPin inputPin(String what, int bcm, InputPull pull, long debounceUs) {
    claimPin(what, bcm);
    DigitalInputPin pin =
        new DigitalInputPin(context, bcm, pull == null ? InputPull.OFF : pull, debounceUs);
    closeables.add(pin);
    return pin;
  }

  private DigitalOutputPin outputPin(String what, int bcm, boolean safeHigh) {
    claimPin(what, bcm);
    return new DigitalOutputPin(context, bcm, safeHigh);
  }

  private HardwarePwm pwm(String what, int channel, int frequencyHz) {
    String previous = pwmChannels.putIfAbsent(channel, what);
    if (previous != null) {
      throw new IllegalArgumentException(
          what + ": pwm channel " + channel + " already used by " + previous);
    }
    return new HardwarePwm(context, pwmPath, pwmChip, channel, frequencyHz);
  }

  private void claimPin(String what, int bcm) {
    String previous = pins.putIfAbsent(bcm, what);
    if (previous != null) {
      throw new IllegalArgumentException(what + ": gpio " + bcm + " already used by " + previous);
    }
  }

  private void claimName(String kind, String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(kind + " name is missing");
    }
    if (names.putIfAbsent(name, kind) != null) {
      throw new IllegalArgumentException(kind + " name '" + name + "' is used twice");
    }
  }

  private static String key(int bus, int address) {
    return "i2c-" + bus + " address 0x" + Integer.toHexString(address);
  }

  /** A polled GPIO level as a channel value. */
  private static final class DigitalLevel implements PolledDevice, DoubleSupplier {
    private final DigitalInputPin pin;
    private double level;

    DigitalLevel(DigitalInputPin pin) {
      this.pin = pin;
    }

    @Override
    public int poll() {
      int value = pin.level();
      if (value < 0) {
        return PlantStatus.FAILED;
      }
      level = value;
      return PlantStatus.OK;
    }

    @Override
    public double getAsDouble() {
      return level;
    }
  }
}
