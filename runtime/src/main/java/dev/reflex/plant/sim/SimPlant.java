package dev.reflex.plant.sim;

import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A simulated plant: documented physics, an observation, a bounded action in physical units, a
 * reward and an episode length. Shared by the trainer, the runtime's {@code sim} backend and the
 * HIL plant emulator, so all three see the same model.
 *
 * <p>Real-time: {@link #observe}, {@link #step} and {@link #terminated} are allocation-free.
 * Threading: one thread at a time.
 */
public interface SimPlant {

  /** Registry name, e.g. {@code pendulum}. */
  String name();

  /** Length of the observation vector. */
  int observationSize();

  /** Length of the action vector. */
  int actionSize();

  /** Names of the observation entries (with units), e.g. {@code theta_dot_rad_s}. */
  String[] observationNames();

  /** Names of the action entries (with units), e.g. {@code torque_nm}. */
  String[] actionNames();

  /** Lower physical bound of each action entry. Not modified by callers. */
  double[] actionLow();

  /** Upper physical bound of each action entry. Not modified by callers. */
  double[] actionHigh();

  /** The control period the plant is defined at (trainer step), in seconds. */
  double nominalDtSeconds();

  /** Episode length in steps of {@link #nominalDtSeconds()} (time-limit truncation). */
  int maxEpisodeSteps();

  /** Draws a new initial state from the plant's seeded reset distribution. */
  void reset(RandomGenerator rng);

  /**
   * Writes the current observation (with sensor noise, if configured).
   *
   * @param obsOut length {@link #observationSize()}. Modified.
   */
  void observe(double[] obsOut);

  /**
   * Applies {@code action} (clipped to the physical bounds) for {@code dtSeconds} and advances the
   * physics.
   *
   * @param action physical units. Not modified.
   * @param dtSeconds time step; the trainer uses {@link #nominalDtSeconds()}, the runtime its loop
   *     period.
   * @return the reward for this transition, scaled to {@code dtSeconds / nominalDtSeconds()} of a
   *     nominal step
   */
  double step(double[] action, double dtSeconds);

  /** True when the state is terminal (not a time limit), e.g. the cart left the track. */
  boolean terminated();

  /**
   * Changes a physical parameter (mass, length, friction, motor constant, sensor noise, actuation
   * delay...).
   *
   * @throws IllegalArgumentException naming the parameter and the allowed names or range
   */
  void setParameter(String name, double value);

  /** Current parameters by name (a copy). */
  Map<String, Double> parameters();
}
