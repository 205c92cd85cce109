package dev.reflex.finetune;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The operator's requests to the on-board learner, in the order they were made: every request is
 * its own queue element, so two rollbacks in a row are two rollbacks and a request made while the
 * learner handles another is never overwritten (a volatile field set by one thread and cleared by
 * another loses the second of two requests that arrive between the learner's read and its clear).
 *
 * <p>Real-time: not on a real-time path; {@link #offer} allocates one small record (commands are
 * rare). Threading: any thread offers, the learner thread polls.
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

  /** The oldest request not yet handled, or null. Learner thread. */
  public Request poll() {
    return queue.poll();
  }

  /** Requests waiting (e.g. for a status line). */
  public int pending() {
    return queue.size();
  }
}
