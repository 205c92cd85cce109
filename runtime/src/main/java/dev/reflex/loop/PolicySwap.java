package dev.reflex.loop;

import dev.reflex.policy.Policy;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hand-over point for a new policy (or a policy with new weights): any thread offers one, the
 * control thread takes it at the next tick boundary. Offering again before the take replaces the
 * pending policy (the newest wins).
 *
 * <p>Real-time: {@link #poll} is allocation-free and lock-free (a plain volatile read when nothing
 * is pending). Threading: {@link #offer} any thread; {@link #poll} control thread only.
 */
public final class PolicySwap {

  private final AtomicReference<Policy> pending = new AtomicReference<>();

  /**
   * Offers a policy for the next tick boundary. The policy must no longer be mutated by the caller.
   *
   * @param next the policy; its sizes are checked by the loop, which rejects a mismatch
   */
  public void offer(Policy next) {
    pending.set(next);
  }

  /**
   * True while an offered policy has not been taken by the control thread yet. Once false, the
   * policy that was running before the last offer is no longer used and may be rewritten.
   */
  public boolean hasPending() {
    return pending.get() != null;
  }

  /** Takes the pending policy, or null if there is none. Control thread. */
  public Policy poll() {
    return pending.get() == null ? null : pending.getAndSet(null);
  }
}
