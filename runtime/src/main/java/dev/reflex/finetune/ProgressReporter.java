package dev.reflex.finetune;

import dev.reflex.learning.Learner;
import dev.reflex.learning.ReplayBuffer;

/**
 * Fills the on-board learner's {@link LearningProgress} from its parts and hands it to the {@link
 * LearningListener}: every 100 ms, and whenever a poll had nothing to do.
 *
 * <p>Real-time: allocation-free. Threading: learner thread only.
 */
final class ProgressReporter {
  private static final long PERIOD_NS = 100_000_000L;
  private final Learner learner;
  private final ReplayBuffer replay;
  private final ReturnGuard guard;
  private final Exploration exploration;
  private final LearningPhases phases;
  private final LearningProgress progress;
  private final LearningListener listener;
  private long lastNs;

  /**
   * @param exploration may be null
   * @param progress filled. Modified.
   */
  ProgressReporter(
      Learner learner,
      ReplayBuffer replay,
      ReturnGuard guard,
      Exploration exploration,
      LearningPhases phases,
      LearningProgress progress,
      LearningListener listener,
      long nowNs) {
    this.learner = learner;
    this.replay = replay;
    this.guard = guard;
    this.exploration = exploration;
    this.phases = phases;
    this.progress = progress;
    this.listener = listener;
    this.lastNs = nowNs;
  }

  /** Reports when the period has passed or the poll was idle. */
  void poll(long nowNs, boolean idle) {
    if (nowNs - lastNs >= PERIOD_NS || idle) {
      report();
      lastNs = nowNs;
    }
  }

  private void report() {
    progress.criticLoss = learner.lastCriticLoss();
    progress.actorLoss = learner.lastActorLoss();
    progress.meanQ = learner.lastMeanQ();
    progress.actorUpdates = learner.actorUpdates();
    progress.replayFill = replay.size() / (double) replay.capacity();
    progress.runningReturn = guard.running();
    progress.baselineReturn = guard.baseline();
    progress.explorationScale =
        exploration == null || !exploration.enabled() ? 0 : exploration.scale();
    progress.paused = phases.paused();
    listener.progress(progress);
  }
}
