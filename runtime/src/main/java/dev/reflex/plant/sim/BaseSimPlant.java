package dev.reflex.plant.sim;

import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * What every simulated plant shares: its parameter table (always including {@code
 * sensor_noise_std}, {@code sensor_bias} and {@code actuation_delay_steps}), seeded sensor noise,
 * the actuation-delay ring, the action bounds, and the names. Subclasses own the state and the
 * physics.
 *
 * <p>Real-time: {@link #delayAndClip} and {@link #addNoise} are allocation-free. Threading: one
 * thread at a time.
 */
public abstract class BaseSimPlant implements SimPlant {
  /** Name of the sensor-noise parameter (standard deviation, in each entry's own unit). */
  public static final String SENSOR_NOISE_STD = "sensor_noise_std";

  /**
   * Name of the sensor-bias parameter: a constant offset on the first observation entry, in its own
   * unit (the pendulum's cos θ, the DC motor's angle error — an encoder's zero offset —, the
   * cart-pole's cart position).
   */
  public static final String SENSOR_BIAS = "sensor_bias";

  /** Name of the actuation-delay parameter (whole steps). */
  public static final String ACTUATION_DELAY_STEPS = "actuation_delay_steps";

  private final String name;
  private final String[] observationNames;
  private final String[] actionNames;
  private final ParameterTable parameters;
  private final SensorNoise noise = new SensorNoise();
  private final ActuationDelay delay;
  private double sensorBias;

  /** Lower action bounds; subclasses update them when a limit parameter changes. */
  protected final double[] actionLow;

  /** Upper action bounds; subclasses update them when a limit parameter changes. */
  protected final double[] actionHigh;

  /** The action applied this step (after delay and clipping). Scratch for subclasses. */
  protected final double[] applied;

  /**
   * @param name registry name
   * @param observationNames with units. Not copied.
   * @param actionNames with units. Not copied.
   * @param parameters the plant's own parameters; the two shared ones are appended here.
   */
  protected BaseSimPlant(
      String name, String[] observationNames, String[] actionNames, ParameterTable parameters) {
    this.name = name;
    this.observationNames = observationNames;
    this.actionNames = actionNames;
    this.parameters =
        parameters
            .add(SENSOR_NOISE_STD, 0.0, 0.0, 100.0)
            .add(SENSOR_BIAS, 0.0, -100.0, 100.0)
            .addInteger(ACTUATION_DELAY_STEPS, 0, 0, ActuationDelay.MAX_DELAY_STEPS);
    this.delay = new ActuationDelay(actionNames.length);
    this.actionLow = new double[actionNames.length];
    this.actionHigh = new double[actionNames.length];
    this.applied = new double[actionNames.length];
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int observationSize() {
    return observationNames.length;
  }

  @Override
  public final int actionSize() {
    return actionNames.length;
  }

  @Override
  public final String[] observationNames() {
    return observationNames;
  }

  @Override
  public final String[] actionNames() {
    return actionNames;
  }

  @Override
  public final double[] actionLow() {
    return actionLow;
  }

  @Override
  public final double[] actionHigh() {
    return actionHigh;
  }

  @Override
  public final void setParameter(String parameterName, double value) {
    parameters.set(parameterName, value);
    noise.setStdDev(parameters.get(SENSOR_NOISE_STD));
    sensorBias = parameters.get(SENSOR_BIAS);
    int delaySteps = (int) parameters.get(ACTUATION_DELAY_STEPS);
    if (delaySteps != delay.delaySteps()) {
      delay.setDelaySteps(delaySteps);
    }
    applyParameters(parameters);
  }

  @Override
  public final Map<String, Double> parameters() {
    return parameters.snapshot();
  }

  @Override
  public final void reset(RandomGenerator rng) {
    resetState(rng);
    noise.reseed(rng.nextLong());
    delay.clear();
  }

  /** The parameter table; subclass constructors pass it to {@link #applyParameters} once. */
  protected final ParameterTable table() {
    return parameters;
  }

  /** Copies the current parameter values into the subclass's fields. */
  protected abstract void applyParameters(ParameterTable table);

  /** Draws the initial state; the base class then reseeds the noise and clears the delay. */
  protected abstract void resetState(RandomGenerator rng);

  /**
   * Pushes {@code action} through the delay ring and clips the delayed action into {@link #applied}
   * (non-finite entries become 0).
   *
   * @param action as commanded. Not modified.
   */
  protected final void delayAndClip(double[] action) {
    delay.push(action, applied);
    for (int i = 0; i < applied.length; i++) {
      double a = applied[i];
      applied[i] = Double.isNaN(a) ? 0.0 : Math.min(actionHigh[i], Math.max(actionLow[i], a));
    }
  }

  /**
   * Adds the configured sensor noise to every entry and the sensor bias to the first.
   *
   * @param obs observation. Modified.
   */
  protected final void addNoise(double[] obs) {
    addNoise(obs, obs.length);
  }

  /**
   * Adds the configured sensor noise to the first {@code count} entries (the measured ones) and the
   * sensor bias to the first.
   *
   * @param obs observation. Modified.
   */
  protected final void addNoise(double[] obs, int count) {
    noise.apply(obs, count);
    obs[0] += sensorBias;
  }
}
