package dev.reflex.finetune;

import dev.reflex.format.ActorFile;
import dev.reflex.loop.PolicySwap;
import dev.reflex.network.Mlp;
import dev.reflex.policy.CompactActor;
import dev.reflex.policy.Policy;
import java.util.function.UnaryOperator;

/**
 * The double buffer between the learner and the control thread: two compact actors, one in use by
 * the loop and one idle. Publishing copies the learner's weights into the idle one (rounding to
 * float32) and offers it through the loop's {@link PolicySwap}; the control thread switches at its
 * next tick boundary with a reference swap, so the switch never costs a deadline. Until the control
 * thread has taken an offer, the next publication waits (returns false) instead of writing into an
 * actor that might still be running.
 *
 * <p>Real-time: {@link #tryPublish} allocates nothing. Threading: {@link #tryPublish} on the
 * learner thread; the policies it hands over run on the control thread.
 */
public final class DoubleBufferedActor implements ActorPublisher {
  private final CompactActor[] actors = new CompactActor[2];
  private final Policy[] policies = new Policy[2];
  private final PolicySwap swap;
  private double[][] weights;
  private double[][] biases;
  private Mlp viewsOf;
  private int active;
  private long published;

  /**
   * @param file the starting actor
   * @param wrap wraps each compact actor into what the loop runs (e.g. an {@link ExploringPolicy})
   * @param swap the loop's hand-over point
   */
  public DoubleBufferedActor(ActorFile file, UnaryOperator<Policy> wrap, PolicySwap swap) {
    this.swap = swap;
    for (int i = 0; i < 2; i++) {
      actors[i] = new CompactActor(file);
      policies[i] = wrap.apply(actors[i]);
    }
  }

  /**
   * Runs both compact actors until the JIT has compiled them (see {@link
   * dev.reflex.policy.PolicyWarmUp}); call before the loop starts.
   */
  public void warmUp() {
    for (CompactActor a : actors) {
      dev.reflex.policy.PolicyWarmUp.run(a, 60_000, 4_000_000_000L);
    }
  }

  /** The policy the loop starts with. */
  public Policy initialPolicy() {
    return policies[0];
  }

  @Override
  public boolean tryPublish(Mlp actor) {
    if (swap.hasPending()) {
      return false;
    }
    if (viewsOf != actor) {
      bind(actor);
    }
    int idle = 1 - active;
    actors[idle].weights().copyFrom(weights, biases);
    swap.offer(policies[idle]);
    active = idle;
    published++;
    return true;
  }

  private void bind(Mlp actor) {
    int layers = actor.layerCount();
    weights = new double[layers][];
    biases = new double[layers][];
    for (int l = 0; l < layers; l++) {
      weights[l] = actor.weight(l).data;
      biases[l] = actor.bias(l).data;
    }
    viewsOf = actor;
  }

  /** Publications so far. */
  public long published() {
    return published;
  }
}
