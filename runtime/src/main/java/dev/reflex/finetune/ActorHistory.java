package dev.reflex.finetune;

import dev.reflex.learning.Learner;
import dev.reflex.network.Parameters;

/**
 * The last few published actor versions, so a remote command can roll back to one by number.
 *
 * <p>Real-time: allocation-free after construction. Threading: learner thread only, except {@link
 * #keeps} (any thread: the versions are atomics, so a command can be refused when it arrives).
 */
final class ActorHistory {
  private final Parameters actor;
  private final java.util.concurrent.atomic.AtomicLongArray versions;
  private final double[][] values;
  private int next;

  ActorHistory(Learner learner, int capacity) {
    actor = learner.actor().parameters();
    versions = new java.util.concurrent.atomic.AtomicLongArray(capacity);
    for (int i = 0; i < capacity; i++) {
      versions.set(i, -1);
    }
    values = new double[capacity][actor.size()];
    record(0);
  }

  /** Remembers the learner's current actor as {@code version}. */
  void record(long version) {
    versions.set(next, -1); // not restorable while its values are overwritten
    actor.flatten(values[next]);
    versions.set(next, version);
    next = (next + 1) % versions.length();
  }

  /** True when {@code version} is among the kept ones. Any thread. */
  boolean keeps(long version) {
    for (int i = 0; i < versions.length(); i++) {
      if (versions.get(i) == version) {
        return true;
      }
    }
    return false;
  }

  /** Writes {@code version}'s weights into the learner's actor; false when it is not kept. */
  boolean restore(long version, Learner learner) {
    for (int i = 0; i < versions.length(); i++) {
      if (versions.get(i) == version) {
        learner.actor().parameters().unflatten(values[i]);
        learner.actorTarget().parameters().unflatten(values[i]);
        return true;
      }
    }
    return false;
  }
}
