package dev.reflex.finetune;

/**
 * Where the on-board learner reports progress and events (telemetry adapts this to its rings).
 *
 * <p>Threading: called on the learner thread; implementations must not block.
 */
public interface LearningListener {

  /** Progress after a batch of updates; allocation-free implementations expected. */
  void progress(LearningProgress progress);

  /** A rare event: actor published, rollback, checkpoint, baseline measured... */
  void event(String kind, String message, double value);

  /** A listener that drops everything. */
  LearningListener NONE =
      new LearningListener() {
        @Override
        public void progress(LearningProgress progress) {}

        @Override
        public void event(String kind, String message, double value) {}
      };
}
