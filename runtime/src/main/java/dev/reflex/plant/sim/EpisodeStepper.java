package dev.reflex.plant.sim;

import dev.reflex.network.Rng;
import java.util.random.RandomGenerator;

/**
 * Steps one {@link SimPlant} through episodes: the seeded reset, the step with its time step, the
 * step count and return of the episode in progress, termination and the time limit. The one place
 * the trainer ({@code Trainer}, {@code Evaluator}), the {@code sim} backend ({@link SimPlantIO}),
 * the UDP plant emulator and the fine-tuning experiment step a simulated plant; each decides when
 * to observe, what action to apply and when to reset.
 *
 * <p>A reset draws the new initial state from the generator given ({@link #reset(RandomGenerator)})
 * or from this stepper's own generator seeded with a seed ({@link #reset(long)}); it zeroes the
 * step count and the return. {@link #terminated} asks the plant (live); {@link #truncated} is the
 * step limit reached without termination (limit 0: none).
 *
 * <p>Real-time: {@link #step}, {@link #observe}, {@link #reset} and the queries are
 * allocation-free. Threading: one thread at a time.
 */
public final class EpisodeStepper {
  private final SimPlant plant;
  private final Rng seededRng = new Rng(0L);
  private double dtSeconds;
  private long stepLimit;
  private int steps;
  private double episodeReturn;

  /**
   * @param plant the simulated plant; stepped by this stepper from now on
   * @param dtSeconds the time step of each {@link #step}, in seconds
   * @param stepLimit steps per episode before {@link #truncated} (0: none)
   */
  public EpisodeStepper(SimPlant plant, double dtSeconds, long stepLimit) {
    if (!(dtSeconds > 0)) {
      throw new IllegalArgumentException("plant step " + dtSeconds + " s must be > 0");
    }
    if (stepLimit < 0) {
      throw new IllegalArgumentException("episode length " + stepLimit + " steps must be >= 0");
    }
    this.plant = plant;
    this.dtSeconds = dtSeconds;
    this.stepLimit = stepLimit;
  }

  /** At the plant's nominal step, limited to its {@link SimPlant#maxEpisodeSteps()}. */
  public static EpisodeStepper nominal(SimPlant plant) {
    return new EpisodeStepper(plant, plant.nominalDtSeconds(), plant.maxEpisodeSteps());
  }

  /**
   * Starts an episode: a new initial state drawn from {@code rng}; step count and return zeroed.
   */
  public void reset(RandomGenerator rng) {
    plant.reset(rng);
    steps = 0;
    episodeReturn = 0.0;
  }

  /** Starts an episode drawn from this stepper's generator, seeded with {@code seed}. */
  public void reset(long seed) {
    seededRng.setSeed(seed);
    reset(seededRng);
  }

  /**
   * Writes the plant's observation.
   *
   * @param obsOut length {@link SimPlant#observationSize()}. Modified.
   */
  public void observe(double[] obsOut) {
    plant.observe(obsOut);
  }

  /**
   * Applies {@code action} for one time step and counts it into the episode.
   *
   * @param action physical units. Not modified.
   * @return the step's reward
   */
  public double step(double[] action) {
    double reward = plant.step(action, dtSeconds);
    episodeReturn += reward;
    steps++;
    return reward;
  }

  /** True when the plant is in a terminal state (not a time limit). */
  public boolean terminated() {
    return plant.terminated();
  }

  /** True when the step limit is reached (limit 0: never). */
  public boolean limitReached() {
    return stepLimit > 0 && steps >= stepLimit;
  }

  /** True when the step limit is reached and the plant is not terminal. */
  public boolean truncated() {
    return !terminated() && limitReached();
  }

  /** True when the episode is over: terminated or at the step limit. */
  public boolean done() {
    return terminated() || limitReached();
  }

  /** Steps since the last reset. */
  public int steps() {
    return steps;
  }

  /** Plant time since the last reset: steps × time step, in seconds. */
  public double elapsedSeconds() {
    return steps * dtSeconds;
  }

  /** Sum of the rewards since the last reset, in step order. */
  public double episodeReturn() {
    return episodeReturn;
  }

  /** The time step of each {@link #step}, in seconds. */
  public double dtSeconds() {
    return dtSeconds;
  }

  /** Changes the time step of the following steps. */
  public void setDtSeconds(double seconds) {
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("plant step " + seconds + " s must be > 0");
    }
    dtSeconds = seconds;
  }

  /** Changes the step limit (0: none). */
  public void setStepLimit(long limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("episode length " + limit + " steps must be >= 0");
    }
    stepLimit = limit;
  }

  /** The stepped plant. */
  public SimPlant plant() {
    return plant;
  }
}
