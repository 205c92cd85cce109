package dev.reflex.finetune;

import dev.reflex.learning.Learner;
import dev.reflex.learning.ReplayBuffer;
import java.io.IOException;

/** Where the on-board learner saves its whole state (see {@link CheckpointRotation}). */
public interface CheckpointSink {

  /**
   * Writes a checkpoint atomically.
   *
   * @return a short description of what was written (e.g. the file name)
   */
  String write(Learner learner, ReplayBuffer replay, long actorVersion) throws IOException;
}
