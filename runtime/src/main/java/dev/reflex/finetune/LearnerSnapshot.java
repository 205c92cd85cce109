package dev.reflex.finetune;

import dev.reflex.learning.Learner;
import dev.reflex.network.Optimizer;
import dev.reflex.network.Parameters;
import org.ejml.data.DMatrixRMaj;

/**
 * A copy of every network of a {@link Learner} (actor, critics and their targets), taken when the
 * learner is known to be good and restored on a rollback. Restoring also restarts the optimisers
 * (moments zeroed, step counters reset), since their state may be what went wrong.
 *
 * <p>Real-time: {@link #capture} and {@link #restore} are allocation-free. Threading: learner
 * thread only.
 */
public final class LearnerSnapshot {
  private final Parameters[] params;
  private final double[][] values;
  private boolean captured;

  /** Buffers sized for {@code learner}'s networks. */
  public LearnerSnapshot(Learner learner) {
    int c = learner.critics().length;
    params = new Parameters[2 + 2 * c];
    params[0] = learner.actor().parameters();
    params[1] = learner.actorTarget().parameters();
    for (int i = 0; i < c; i++) {
      params[2 + 2 * i] = learner.critics()[i].parameters();
      params[3 + 2 * i] = learner.criticTargets()[i].parameters();
    }
    values = new double[params.length][];
    for (int i = 0; i < params.length; i++) {
      values[i] = new double[params[i].size()];
    }
  }

  /** Copies the learner's current parameters. */
  public void capture() {
    for (int i = 0; i < params.length; i++) {
      params[i].flatten(values[i]);
    }
    captured = true;
  }

  /** True once {@link #capture} ran. */
  public boolean captured() {
    return captured;
  }

  /** Writes the captured parameters back and restarts every optimiser of {@code learner}. */
  public void restore(Learner learner) {
    for (int i = 0; i < params.length; i++) {
      params[i].unflatten(values[i]);
    }
    restart(learner.actorOptimizer());
    for (Optimizer o : learner.criticOptimizers()) {
      restart(o);
    }
  }

  /**
   * Writes back only the captured actor and actor target and restarts the actor's optimiser; the
   * critics keep what they learned since (they learned it from real transitions).
   */
  public void restoreActor(Learner learner) {
    params[0].unflatten(values[0]);
    params[1].unflatten(values[1]);
    restart(learner.actorOptimizer());
  }

  /** The captured actor parameters, flat (live). */
  public double[] actorValues() {
    return values[0];
  }

  private static void restart(Optimizer o) {
    for (DMatrixRMaj m : o.state()) {
      java.util.Arrays.fill(m.data, 0, m.getNumElements(), 0.0);
    }
    o.setSteps(0);
  }
}
