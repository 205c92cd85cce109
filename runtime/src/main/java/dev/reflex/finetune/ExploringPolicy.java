package dev.reflex.finetune;

import dev.reflex.policy.Policy;

/**
 * A policy plus bounded exploration: the inner (deterministic) actor's action with {@link
 * Exploration}'s noise added. The control loop runs this while learning is on.
 *
 * <p>Real-time: allocation-free; no locks. Threading: control thread only.
 */
public final class ExploringPolicy implements Policy {
  private final Policy inner;
  private final Exploration exploration;
  private final double[] low;
  private final double[] high;

  /**
   * @param low physical lower bound of each action entry. Copied.
   * @param high physical upper bound of each action entry. Copied.
   */
  public ExploringPolicy(Policy inner, Exploration exploration, double[] low, double[] high) {
    this.inner = inner;
    this.exploration = exploration;
    this.low = low.clone();
    this.high = high.clone();
  }

  @Override
  public int observationSize() {
    return inner.observationSize();
  }

  @Override
  public int actionSize() {
    return inner.actionSize();
  }

  @Override
  public void act(double[] observation, double[] actionOut) {
    inner.act(observation, actionOut);
    exploration.perturb(observation, actionOut, low, high);
  }

  /** The deterministic actor inside. */
  public Policy inner() {
    return inner;
  }
}
