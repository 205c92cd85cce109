package dev.reflex.trainer;

import dev.reflex.network.Rng;
import dev.reflex.plant.sim.EpisodeStepper;
import dev.reflex.plant.sim.SimPlant;
import dev.reflex.policy.Policy;

/**
 * Runs a deterministic policy (no exploration noise) on a plant for a number of seeded episodes:
 * episode {@code i} resets the plant from {@code new Rng(seed + i)}, so every evaluation with one
 * seed sees the same initial states. An episode ends on termination or after {@code
 * maxEpisodeSteps() · nominalDt / dt} steps (the same simulated time at any step size).
 *
 * <p>Threading: one thread at a time; the plant is used exclusively during {@link #run}.
 */
public final class Evaluator {
  private final SimPlant plant;
  private final double dtSeconds;
  private final double[] obs;
  private final double[] action;

  /** Evaluates on {@code plant} stepped at {@code dtSeconds}. */
  public Evaluator(SimPlant plant, double dtSeconds) {
    if (!(dtSeconds > 0)) {
      throw new IllegalArgumentException("dt must be > 0 seconds, got " + dtSeconds);
    }
    this.plant = plant;
    this.dtSeconds = dtSeconds;
    this.obs = new double[plant.observationSize()];
    this.action = new double[plant.actionSize()];
  }

  /** Evaluates at the plant's nominal step. */
  public Evaluator(SimPlant plant) {
    this(plant, plant.nominalDtSeconds());
  }

  /** Steps per episode at this evaluator's dt. */
  public int episodeSteps() {
    return (int) Math.round(plant.maxEpisodeSteps() * plant.nominalDtSeconds() / dtSeconds);
  }

  /** Runs {@code episodes} episodes with seeds {@code seed, seed + 1, ...}. */
  public EvalResult run(Policy policy, int episodes, long seed) {
    if (policy.observationSize() != obs.length || policy.actionSize() != action.length) {
      throw new IllegalArgumentException(
          "the actor takes "
              + policy.observationSize()
              + " observations and gives "
              + policy.actionSize()
              + " actions; plant "
              + plant.name()
              + " has "
              + obs.length
              + " and "
              + action.length);
    }
    double[] returns = new double[episodes];
    int steps = episodeSteps();
    EpisodeStepper stepper = new EpisodeStepper(plant, dtSeconds, 0);
    for (int e = 0; e < episodes; e++) {
      stepper.reset(new Rng(seed + e));
      stepper.observe(obs);
      for (int t = 0; t < steps; t++) {
        policy.act(obs, action);
        stepper.step(action);
        stepper.observe(obs);
        if (stepper.terminated()) {
          break;
        }
      }
      returns[e] = stepper.episodeReturn();
    }
    return new EvalResult(returns);
  }
}
