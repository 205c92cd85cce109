package dev.reflex.finetune;

import dev.reflex.learning.Learner;
import dev.reflex.network.Mlp;

/**
 * The one way the on-board learner hands an actor to the control thread: {@link #offer} whenever
 * the actor in control must change (a rollback, an evaluation's switch between incumbent and
 * candidate, every {@code publishEveryActorUpdates} actor updates); when the control thread has not
 * taken the previous one yet, the offer stays pending and {@link #retry} hands it over at a later
 * poll. During a paired evaluation's incumbent episode the incumbent (the last good actor) is
 * published instead of the learner's. A non-finite actor is never published. Each publication is a
 * new actor version; the learner's own are kept in the {@link ActorHistory} for rollbacks by
 * number.
 *
 * <p>Real-time: allocation-free. Threading: learner thread only.
 */
final class ActorPublication {
  private final ActorPublisher publisher;
  private final Learner learner;
  private final EvaluationSchedule evaluation;
  private final Mlp incumbent;
  private final LearnerSnapshot lastGood;
  private final ActorHistory history;
  private final LearningProgress progress;
  private final int publishEveryActorUpdates;
  private boolean pending;
  private long lastPublishedActorUpdate;

  /**
   * @param paired true when paired evaluations may publish the incumbent
   * @param progress its actor version counts the publications. Modified.
   */
  ActorPublication(
      ActorPublisher publisher,
      Learner learner,
      EvaluationSchedule evaluation,
      boolean paired,
      LearnerSnapshot lastGood,
      ActorHistory history,
      LearningProgress progress,
      int publishEveryActorUpdates) {
    this.publisher = publisher;
    this.learner = learner;
    this.evaluation = evaluation;
    this.incumbent = paired ? learner.actor().copyShape() : null;
    this.lastGood = lastGood;
    this.history = history;
    this.progress = progress;
    this.publishEveryActorUpdates = publishEveryActorUpdates;
  }

  /** Offers the actor that should be in control now (kept pending when the loop has no room). */
  void offer() {
    pending = true;
    tryPublish();
  }

  /** Offers again what the control thread had no room for. */
  void retry() {
    if (pending) {
      tryPublish();
    }
  }

  /** After an update: offers the learner's actor every {@code publishEveryActorUpdates}. */
  void afterUpdate() {
    if (learner.actorUpdates() - lastPublishedActorUpdate >= publishEveryActorUpdates) {
      lastPublishedActorUpdate = learner.actorUpdates();
      offer();
    }
  }

  /**
   * A resumed lineage: the version numbering goes on from {@code actorVersion}, the update counts
   * from the restored learner's, and the restored actor goes out at the next poll.
   */
  void continueFrom(long actorVersion) {
    progress.actorVersion = actorVersion;
    progress.updates = learner.criticUpdates();
    progress.actorUpdates = learner.actorUpdates();
    lastPublishedActorUpdate = learner.actorUpdates();
    pending = true;
  }

  /** True while an offer waits for the control thread. */
  boolean pending() {
    return pending;
  }

  private void tryPublish() {
    Mlp actor = learner.actor();
    if (evaluation.nextIsIncumbent()) {
      incumbent.parameters().unflatten(lastGood.actorValues());
      actor = incumbent;
    }
    if (!actor.parameters().allFinite()) {
      pending = false;
      return;
    }
    if (publisher.tryPublish(actor)) {
      pending = false;
      progress.actorVersion++;
      if (actor == learner.actor()) {
        history.record(progress.actorVersion);
      }
    }
  }
}
