package dev.reflex.finetune;

import dev.reflex.learning.Learner;

/**
 * The on-board learner's rollbacks, each counted, told as a {@code rollback} event and followed by
 * publishing the restored actor:
 *
 * <ul>
 *   <li>{@link #toLastGood}: every network back to the last good snapshot, optimisers restarted
 *       (non-finite numbers, or the running return fell too far);
 *   <li>{@link #actorToLastGood}: the actor alone (an evaluation's verdict: the critics keep what
 *       they learned from real transitions);
 *   <li>{@link #toVersion}: a published actor version by command ({@code rollback-failed} when it
 *       is no longer kept).
 * </ul>
 *
 * <p>Real-time: allocates the event's text only. Threading: learner thread only.
 */
final class Rollbacks {
  private final Learner learner;
  private final LearnerSnapshot lastGood;
  private final ActorHistory history;
  private final ReturnGuard guard;
  private final ActorPublication publication;
  private final LearningProgress progress;
  private final LearningListener listener;

  /**
   * @param progress its rollback count. Modified.
   */
  Rollbacks(
      Learner learner,
      LearnerSnapshot lastGood,
      ActorHistory history,
      ReturnGuard guard,
      ActorPublication publication,
      LearningProgress progress,
      LearningListener listener) {
    this.learner = learner;
    this.lastGood = lastGood;
    this.history = history;
    this.guard = guard;
    this.publication = publication;
    this.progress = progress;
    this.listener = listener;
  }

  /** Everything back to the last good snapshot; the running return restarts. */
  void toLastGood(String message) {
    lastGood.restore(learner);
    guard.resetRunning();
    progress.rollbacks++;
    publication.offer();
    listener.event("rollback", message, progress.rollbacks);
  }

  /** The actor (and its target) back to the last good one; the critics stay. */
  void actorToLastGood(String message) {
    lastGood.restoreActor(learner);
    progress.rollbacks++;
    publication.offer();
    listener.event("rollback", message, progress.rollbacks);
  }

  /**
   * After the learner thread failed: the last good actor back into the learner and offered to the
   * loop (not counted as a rollback, no event: the failure is reported by the thread).
   *
   * @return true when it was finite and handed to the loop
   */
  boolean fallBackToLastGood() {
    lastGood.restoreActor(learner);
    if (!learner.actor().parameters().allFinite()) {
      return false;
    }
    publication.offer();
    return !publication.pending();
  }

  /** The actor back to a published version, when it is still kept. */
  void toVersion(long version) {
    if (history.restore(version, learner)) {
      guard.resetRunning();
      progress.rollbacks++;
      publication.offer();
      listener.event(
          "rollback", "rolled back to actor version " + version + " by command", version);
    } else {
      listener.event(
          "rollback-failed", "actor version " + version + " is not among the kept ones", version);
    }
  }
}
