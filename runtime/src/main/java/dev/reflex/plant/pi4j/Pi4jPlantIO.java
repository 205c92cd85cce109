package dev.reflex.plant.pi4j;

import com.pi4j.context.Context;
import dev.reflex.plant.PlantIO;
import dev.reflex.plant.PlantStatus;
import java.nio.file.Path;
import java.util.function.DoubleSupplier;

/**
 * The {@link PlantIO} of a real board through Pi4J: GPIO, hardware PWM and I2C chips, built from a
 * {@link Pi4jPlantSpec}.
 *
 * <p>{@link #read} first polls every device once (I2C chips, GPIO levels; encoders count on their
 * own), then fills each channel as {@code reading * scale + offset}; any failed device makes the
 * whole read {@link PlantStatus#FAILED} (channels of devices that did answer still get values).
 * {@link #write} clamps each command to its channel's range. {@link #writeSafe} drives every
 * actuator to its hardware safe state (H-bridge stopped, PCA9685 channel full off, PWM zero duty,
 * digital output at its safe level); the {@code safeValues} argument is not used, since the safe
 * state of this hardware is "de-energised", not a position.
 *
 * <p>Real-time: {@link #read}, {@link #write} and {@link #writeSafe} are allocation-free in this
 * package and with the FFM I2C transport (Pi4J's linuxfs I2C, transport {@code pi4j}, allocates per
 * transfer; Pi4J's GPIO and PWM calls are listed in docs/hardware.md) and never throw. Threading:
 * control thread, {@link #writeSafe} also from the watchdog.
 */
public final class Pi4jPlantIO implements PlantIO {

  private final Context ownedContext; // null when the caller owns the context
  private final String[] sensorNames;
  private final String[] actuatorNames;
  private final PolledDevice[] polled;
  private final DoubleSupplier[] sources;
  private final double[] scales;
  private final double[] offsets;
  private final ActuatorChannel[] actuators;
  private final AutoCloseable[] closeables;

  /**
   * Opens the board's Pi4J context ({@link Pi4jContexts#forBoard}) and every device of the spec,
   * I2C chips through the board's transport ({@link FfmI2cDevice} or {@link Pi4jI2cDevice}). The
   * context is shut down by {@link #close}.
   *
   * @throws IllegalArgumentException naming the channel, field and value when the spec is wrong
   * @throws IllegalStateException naming the device when a device does not answer, or naming the
   *     missing {@code /dev/gpiochip*} when the spec needs GPIO and the machine has none
   */
  public static Pi4jPlantIO open(Pi4jPlantSpec spec) {
    Pi4jContexts.requireGpioChip(Path.of("/dev"), spec);
    Context context = Pi4jContexts.forBoard(spec.board());
    try {
      I2cDeviceOpener opener =
          switch (spec.board().i2cTransport()) {
            case FFM -> FfmI2cDevice::open;
            case PI4J -> (bus, address) -> Pi4jI2cDevice.open(context, bus, address);
          };
      return new Pi4jPlantIO(context, spec, opener, true);
    } catch (RuntimeException e) {
      context.shutdown();
      throw e;
    }
  }

  /**
   * Opens every device of the spec on a context the caller owns (tests: Pi4J's mock plugin and chip
   * emulations).
   *
   * @param opener opens I2C chips
   */
  public Pi4jPlantIO(Context context, Pi4jPlantSpec spec, I2cDeviceOpener opener) {
    this(context, spec, opener, false);
  }

  private Pi4jPlantIO(
      Context context, Pi4jPlantSpec spec, I2cDeviceOpener opener, boolean ownsContext) {
    Pi4jPlantBuilder builder = new Pi4jPlantBuilder(context, spec.board(), opener);
    try {
      builder.build(spec);
    } catch (RuntimeException e) {
      for (AutoCloseable c : builder.closeables) {
        closeQuietly(c);
      }
      throw e;
    }
    this.ownedContext = ownsContext ? context : null;
    int n = spec.sensors().size();
    this.sensorNames = new String[n];
    this.scales = new double[n];
    this.offsets = new double[n];
    for (int i = 0; i < n; i++) {
      Pi4jSensorSpec s = spec.sensors().get(i);
      sensorNames[i] = s.name();
      scales[i] = s.scale();
      offsets[i] = s.offset();
    }
    this.actuatorNames =
        spec.actuators().stream().map(Pi4jActuatorSpec::name).toArray(String[]::new);
    this.polled = builder.polled.toArray(new PolledDevice[0]);
    this.sources = builder.sensorSources.toArray(new DoubleSupplier[0]);
    this.actuators = builder.actuators.toArray(new ActuatorChannel[0]);
    this.closeables = builder.closeables.toArray(new AutoCloseable[0]);
  }

  @Override
  public String[] sensorNames() {
    return sensorNames;
  }

  @Override
  public String[] actuatorNames() {
    return actuatorNames;
  }

  @Override
  public int read(double[] sensorsOut, long nowNs) {
    int status = PlantStatus.OK;
    try {
      for (PolledDevice device : polled) {
        if (device.poll() != PlantStatus.OK) {
          status = PlantStatus.FAILED;
        }
      }
      for (int i = 0; i < sources.length; i++) {
        sensorsOut[i] = sources[i].getAsDouble() * scales[i] + offsets[i];
      }
      return status;
    } catch (RuntimeException e) {
      return PlantStatus.FAILED;
    }
  }

  @Override
  public int write(double[] actuatorValues, long nowNs) {
    int status = PlantStatus.OK;
    for (int i = 0; i < actuators.length; i++) {
      try {
        if (actuators[i].write(actuatorValues[i]) != PlantStatus.OK) {
          status = PlantStatus.FAILED;
        }
      } catch (RuntimeException e) {
        status = PlantStatus.FAILED;
      }
    }
    return status;
  }

  /** Drives every actuator to its hardware safe state; {@code safeValues} is not used. */
  @Override
  public void writeSafe(double[] safeValues) {
    for (ActuatorChannel actuator : actuators) {
      try {
        actuator.safe();
      } catch (RuntimeException e) {
        // keep going: every other channel still has to reach its safe state
      }
    }
  }

  /** Releases the devices (and the context, if {@link #open} created it). */
  @Override
  public void close() {
    for (int i = closeables.length - 1; i >= 0; i--) {
      closeQuietly(closeables[i]);
    }
    if (ownedContext != null) {
      ownedContext.shutdown();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // releasing what is left matters more than the first failure
    }
  }
}
