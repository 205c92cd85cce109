package dev.reflex.learning;

import dev.reflex.network.Rng;
import org.ejml.data.DMatrixRMaj;

/**
 * A {@link Learner}'s current minibatch and where it comes from: rows of a double replay buffer
 * sampled into the double batch buffers, or, for a float32 learner, rows of a float32 replay buffer
 * sampled straight into the float32 core's batch ({@link #inF32}); the double buffers are then
 * written from it only when someone asks for them ({@link #copyTo}).
 *
 * <p>Real-time: allocation-free. Threading: the learner's thread.
 */
final class MinibatchSource {
  private final int batchSize;
  private final Rng rng;
  private final LearnerF32 f32;
  // The current batch was sampled straight into the float32 core (a float32 replay buffer).
  private boolean inF32;

  /** Observations, batch × obs (the double batch the double core reads). */
  final DMatrixRMaj obs;

  /** Scaled actions, batch × act. */
  final DMatrixRMaj act;

  /** Rewards, batch × 1. */
  final DMatrixRMaj reward;

  /** Next observations, batch × obs. */
  final DMatrixRMaj nextObs;

  /** 1 − terminated, batch × 1. */
  final DMatrixRMaj notDone;

  /**
   * @param rng the learner's generator, every sample drawn from it
   * @param f32 the float32 core, or null for a double learner
   */
  MinibatchSource(int batchSize, int obsSize, int actSize, Rng rng, LearnerF32 f32) {
    this.batchSize = batchSize;
    this.rng = rng;
    this.f32 = f32;
    obs = new DMatrixRMaj(batchSize, obsSize);
    act = new DMatrixRMaj(batchSize, actSize);
    reward = new DMatrixRMaj(batchSize, 1);
    nextObs = new DMatrixRMaj(batchSize, obsSize);
    notDone = new DMatrixRMaj(batchSize, 1);
  }

  /** A float32 buffer's rows go straight into the float32 core's batch; else the double one. */
  void sample(ReplayBuffer replay) {
    if (f32 != null && replay.isFloat32()) {
      f32.sample(replay, batchSize, rng);
      inF32 = true;
    } else {
      sampleDouble(replay);
    }
  }

  /** Samples into the double batch buffers, whatever the buffer's precision. */
  void sampleDouble(ReplayBuffer replay) {
    replay.sample(batchSize, rng, obs, act, reward, nextObs, notDone);
    inF32 = false;
  }

  /** Float32 learner: the current batch into the float32 core (rounded), unless already there. */
  void loadIntoF32() {
    if (inF32) {
      return;
    }
    f32.loadBatch(obs, act, reward, nextObs, notDone);
  }

  /**
   * Copies the current minibatch into the caller's buffers, each reshaped to the batch's rows
   * (grown only when smaller); a batch sampled into float32 is first widened into the double
   * buffers (exact), which from then on hold it.
   *
   * @param obsOut observations, batch × obs. Modified.
   * @param actOut scaled actions, batch × act. Modified.
   * @param rewardOut rewards, batch × 1. Modified.
   * @param nextObsOut next observations, batch × obs. Modified.
   * @param notDoneOut 1 − terminated, batch × 1. Modified.
   */
  void copyTo(
      DMatrixRMaj obsOut,
      DMatrixRMaj actOut,
      DMatrixRMaj rewardOut,
      DMatrixRMaj nextObsOut,
      DMatrixRMaj notDoneOut) {
    if (inF32) {
      f32.storeBatch(obs, act, reward, nextObs, notDone);
      inF32 = false;
    }
    obsOut.setTo(obs);
    actOut.setTo(act);
    rewardOut.setTo(reward);
    nextObsOut.setTo(nextObs);
    notDoneOut.setTo(notDone);
  }
}
