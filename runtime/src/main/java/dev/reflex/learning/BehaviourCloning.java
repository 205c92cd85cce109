package dev.reflex.learning;

import dev.reflex.network.Mlp;
import org.ejml.data.DMatrixRMaj;

/**
 * The behaviour-cloning term of a {@link Learner}'s actor loss: λ·mean‖μ(s) − μ₀(s)‖² toward a
 * frozen copy μ₀ of the actor taken when it is anchored, with λ = weight·2^(−k/halfLife) after k
 * more actor updates (halfLife ≤ 0: constant; weight 0: off). Its gradient only adds 2λ(μ(s) −
 * μ₀(s))/N to the actor's output gradient; the critics are not involved.
 *
 * <p>This class holds the schedule for both precisions and the double anchor with its gradient
 * term; the float32 core keeps its own float32 anchor and adds the same term inside its actor step.
 *
 * <p>Real-time: {@link #weight} and {@link #addGradient} are allocation-free; {@link #copyAnchor}
 * allocates the copy on its first call. Threading: the learner's thread.
 */
final class BehaviourCloning {
  private final Mlp actor;
  private Mlp anchor;
  private double weight;
  private double halfLife;
  private long since;

  /**
   * @param actor the double actor the anchor is copied from (and shaped as)
   */
  BehaviourCloning(Mlp actor) {
    this.actor = actor;
  }

  /**
   * Sets λ's schedule from {@code actorUpdates} on (see {@link Learner#anchorBehaviourCloning}).
   *
   * @return true when the term is on and the caller should take the anchor now
   * @throws IllegalArgumentException when weight is negative, infinite or NaN, or halfLife NaN
   */
  boolean schedule(double weight, double halfLife, long actorUpdates) {
    if (!(weight >= 0) || Double.isInfinite(weight) || Double.isNaN(halfLife)) {
      throw new IllegalArgumentException(
          "behaviour-cloning weight " + weight + " / half-life " + halfLife + " out of range");
    }
    this.weight = weight;
    this.halfLife = halfLife;
    this.since = actorUpdates;
    return weight != 0;
  }

  /** Double learner: μ₀ = the double actor now. */
  void copyAnchor() {
    if (anchor == null) {
      anchor = actor.copyShape();
    }
    anchor.parameters().copyFrom(actor.parameters());
  }

  /** λ for the next actor step after {@code actorUpdates} actor updates (0: off). */
  double weight(long actorUpdates) {
    if (weight == 0 || halfLife <= 0) {
      return weight;
    }
    return weight * Math.pow(2, -(actorUpdates - since) / halfLife);
  }

  /**
   * Adds 2λ(μ(s) − μ₀(s))/N to the actor's output gradient (double learner).
   *
   * @param w λ, from {@link #weight}
   * @param obs the batch's observations, n rows. Not modified.
   * @param actorOut μ(s), n × act. Not modified.
   * @param actorGradOut the actor's output gradient, n × act. Modified.
   * @return the term's value λ·mean‖μ(s) − μ₀(s)‖² (0 when w is 0)
   */
  double addGradient(double w, DMatrixRMaj obs, DMatrixRMaj actorOut, DMatrixRMaj actorGradOut) {
    if (w == 0) {
      return 0;
    }
    int n = obs.numRows;
    int count = n * actorOut.numCols;
    DMatrixRMaj a0 = anchor.forward(obs);
    double sum = 0;
    for (int k = 0; k < count; k++) {
      double d = actorOut.data[k] - a0.data[k];
      sum += d * d;
      actorGradOut.data[k] += 2 * w * d / n;
    }
    return w * sum / n;
  }
}
