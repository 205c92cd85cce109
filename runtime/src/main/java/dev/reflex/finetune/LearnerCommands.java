package dev.reflex.finetune;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The operator's requests to the on-board learner, in the order they were made: every request is
 * its own queue element, so two rollbacks in a row are two rollbacks and a request made while the
 * learner handles another is never overwritten (a volatile field set by one thread and cleared by
 * another loses the second of two requests that arrive between the learner's read and its clear).
 *
 * <p>Real-time: not on a real-time path; {@link #offer} allocates one small record (commands are
 * rare). Threading: any thread offers, the learner thread polls or applies ({@link #applyPending}).
 */
public final class LearnerCommands {
  /** One request. */
  public sealed interface Request {}

  /** Stop updates (transitions are still collected). */
  public record Pause() implements Request {}

  /** Resume updates. */
  public record Resume() implements Request {}

  /** Write a checkpoint now. */
  public record WriteCheckpoint() implements Request {}

  /** Put a published actor version back. */
  public record Rollback(long version) implements Request {}

  /** Change the reward's setpoint of one signal. */
  public record Setpoint(int signalIndex, double value) implements Request {}

  private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();

  /** Queues a request. Any thread. */
  public void offer(Request request) {
    queue.add(request);
  }

  /**
   * Applies every request waiting, oldest first, each exactly once: pause and resume to the phase
   * machine, a checkpoint to the checkpoints, a rollback to the rollbacks, a setpoint to the reward
   * (told as a {@code setpoint} event). Learner thread.
   *
   * @return requests applied
   */
  int applyPending(
      LearningPhases phases,
      PeriodicCheckpoints checkpoints,
      Rollbacks rollbacks,
      RewardFunction reward,
      LearningListener listener) {
    int n = 0;
    Request r;
    while ((r = queue.poll()) != null) {
      switch (r) {
        case Pause p -> phases.setPaused(true);
        case Resume p -> phases.setPaused(false);
        case WriteCheckpoint c -> checkpoints.write("requested");
        case Rollback b -> rollbacks.toVersion(b.version());
        case Setpoint sp -> {
          reward.setSetpoint(sp.signalIndex(), sp.value());
          listener.event(
              "setpoint", "reward setpoint of signal " + sp.signalIndex() + " set", sp.value());
        }
      }
      n++;
    }
    return n;
  }

  /** The oldest request not yet handled, or null. Learner thread. */
  public Request poll() {
    return queue.poll();
  }

  /** Requests waiting (e.g. for a status line). */
  public int pending() {
    return queue.size();
  }
}
