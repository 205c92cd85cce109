package dev.reflex.finetune;

import dev.reflex.learning.Learner;

/**
 * What {@link OnBoardLearner} does with a {@link PairedGuard} verdict: a promoted candidate becomes
 * the last good actor (the incumbent of the next evaluation), a rolled-back one is replaced by the
 * incumbent (the actor only: the critics keep what they learned from real transitions), a kept one
 * goes on learning.
 *
 * <p>Threading: learner thread.
 */
final class PairedVerdicts {
  private PairedVerdicts() {}

  static PairedGuard.Verdict act(
      PairedGuard paired,
      Learner learner,
      LearnerSnapshot lastGood,
      LearningProgress progress,
      LearningListener listener) {
    PairedGuard.Verdict v = paired.verdict();
    String stats =
        String.format(
            java.util.Locale.ROOT,
            "candidate − incumbent %.1f over %d pairs, t %.2f",
            paired.meanDifference(),
            paired.pairs(),
            paired.lastT());
    switch (v) {
      case PROMOTE -> {
        if (learner.allFinite()) {
          lastGood.capture();
          listener.event(
              "best",
              "paired evaluation: better at level " + paired.promoteLevel() + " (" + stats + ")",
              progress.evalReturn);
        }
      }
      case ROLL_BACK -> {
        lastGood.restoreActor(learner);
        progress.rollbacks++;
        listener.event(
            "rollback",
            "paired evaluation: worse at level "
                + paired.rollbackLevel()
                + " ("
                + stats
                + "); restored the incumbent actor",
            progress.rollbacks);
      }
      case KEEP ->
          listener.event(
              "evaluation", "paired evaluation: no evidence (" + stats + ")", progress.evalReturn);
    }
    return v;
  }
}
