package dev.reflex.finetune;

import dev.reflex.learning.Learner;
import dev.reflex.network.Parameters;

/**
 * The last few published actor versions, so a remote command can roll back to one by number.
 *
 * <p>Real-time: allocation-free after construction. Threading: learner thread only.
 */
final class ActorHistory {
  private final Parameters actor;
  private final long[] versions;
  private final double[][] values;
  private int next;

  ActorHistory(Learner learner, int capacity) {
    actor = learner.actor().parameters();
    versions = new long[capacity];
    java.util.Arrays.fill(versions, -1);
    values = new double[capacity][actor.size()];
    record(0);
  }

  /** Remembers the learner's current actor as {@code version}. */
  void record(long version) {
    versions[next] = version;
    actor.flatten(values[next]);
    next = (next + 1) % versions.length;
  }

  /** Writes {@code version}'s weights into the learner's actor; false when it is not kept. */
  boolean restore(long version, Learner learner) {
    for (int i = 0; i < versions.length; i++) {
      if (versions[i] == version) {
        learner.actor().parameters().unflatten(values[i]);
        learner.actorTarget().parameters().unflatten(values[i]);
        return true;
      }
    }
    return false;
  }
}
