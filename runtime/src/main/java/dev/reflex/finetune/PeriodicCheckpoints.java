package dev.reflex.finetune;

import dev.reflex.learning.Learner;
import dev.reflex.learning.ReplayBuffer;
import java.io.IOException;

/**
 * When the on-board learner writes its whole state to its {@link CheckpointSink}: every {@code
 * periodS} seconds, on command and at shutdown. A write that fails is told as a {@code
 * checkpoint-failed} event and learning goes on (the previous checkpoint stays the newest).
 *
 * <p>Real-time: {@link #poll} is allocation-free between writes. Threading: learner thread, or the
 * caller's after the learner thread ended (the shutdown checkpoint).
 */
final class PeriodicCheckpoints {
  private final CheckpointSink sink;
  private final boolean periodic;
  private final long periodNs;
  private final Learner learner;
  private final ReplayBuffer replay;
  private final LearningProgress progress;
  private final LearningListener listener;
  private long lastNs;

  /**
   * @param sink null: no checkpoints
   * @param periodS ≤ 0: none on a period
   */
  PeriodicCheckpoints(
      CheckpointSink sink,
      double periodS,
      long nowNs,
      Learner learner,
      ReplayBuffer replay,
      LearningProgress progress,
      LearningListener listener) {
    this.sink = sink;
    this.periodic = periodS > 0;
    this.periodNs = (long) (periodS * 1e9);
    this.lastNs = nowNs;
    this.learner = learner;
    this.replay = replay;
    this.progress = progress;
    this.listener = listener;
  }

  /** Writes one when the period has passed since the last. */
  void poll(long nowNs) {
    if (periodic && nowNs - lastNs >= periodNs) {
      write("periodic");
      lastNs = nowNs;
    }
  }

  /** Writes one now. */
  void write(String why) {
    if (sink == null) {
      return;
    }
    try {
      String what = sink.write(learner, replay, progress.actorVersion);
      listener.event("checkpoint", why + ": " + what, progress.actorVersion);
    } catch (IOException | RuntimeException e) {
      listener.event("checkpoint-failed", why + ": " + e.getMessage(), progress.actorVersion);
    }
  }
}
