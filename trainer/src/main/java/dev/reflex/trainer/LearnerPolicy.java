package dev.reflex.trainer;

import dev.reflex.format.ActorScaling;
import dev.reflex.learning.Learner;
import dev.reflex.policy.Policy;

/**
 * The learner's online actor as a {@link Policy} in physical units: observation normalisation, the
 * double-precision actor, then scaling to the plant's bounds. The trainer's periodic evaluation
 * runs through it; the exported float32 actor computes the same function.
 *
 * <p>Real-time: allocation-free. Threading: the learner's thread only.
 */
public final class LearnerPolicy implements Policy {
  private final Learner learner;
  private final ActorScaling scaling;
  private final double[] normObs;
  private final double[] scaled;

  /** Wraps {@code learner} with the run's normalisation and bounds. */
  public LearnerPolicy(Learner learner, ActorScaling scaling) {
    this.learner = learner;
    this.scaling = scaling;
    this.normObs = new double[learner.obsSize()];
    this.scaled = new double[learner.actSize()];
  }

  @Override
  public int observationSize() {
    return learner.obsSize();
  }

  @Override
  public int actionSize() {
    return learner.actSize();
  }

  @Override
  public void act(double[] observation, double[] actionOut) {
    scaling.normalise(observation, normObs);
    learner.act(normObs, scaled);
    scaling.unscaleAction(scaled, actionOut);
  }
}
