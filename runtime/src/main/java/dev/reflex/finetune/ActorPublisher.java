package dev.reflex.finetune;

import dev.reflex.network.Mlp;

/**
 * Hands the learner's actor to the control thread (see {@link DoubleBufferedActor}).
 *
 * <p>Threading: learner thread only.
 */
public interface ActorPublisher {

  /**
   * Copies the actor's weights into the idle buffer and offers it for the next tick boundary.
   *
   * @param actor the learner's double-precision actor. Not modified.
   * @return false when the previous publication has not been taken yet (nothing was written; try
   *     again later)
   */
  boolean tryPublish(Mlp actor);
}
