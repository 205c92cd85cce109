package dev.reflex.finetune;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Owns the learner thread: runs {@link OnBoardLearner#poll} in a loop, idles briefly when there is
 * nothing to do, runs below the control thread's priority, and writes a final checkpoint when
 * stopped.
 *
 * <p>A poll that throws ends learning, never the loop: the thread offers the last good actor to the
 * loop ({@link OnBoardLearner#fallBackToLastGood}), tells the failure handler at once (the
 * composition root publishes an event, turns the retained status's {@code learning} to {@code
 * failed} and counts it in the run report), then offers the last good actor again for up to 2 s
 * while the control thread has not taken the previous offer yet. When offering it fails too, the
 * loop keeps the last actor published, finite when it was published, and the failure is still told.
 * No checkpoint is written after a failure: the networks may be what failed, and the last periodic
 * checkpoint stays the newest.
 *
 * <p>Threading: {@link #start} and {@link #stop} from the composition root; the failure handler
 * runs on the learner thread.
 */
public final class OnBoardLearnerThread {
  private static final long IDLE_NS = 2_000_000L;
  private static final long FALL_BACK_WAIT_NS = 2_000_000_000L;
  private final OnBoardLearner learner;
  private final Thread thread;
  private final Runnable onStart;
  private final Consumer<Throwable> onFailure;
  private volatile boolean running;
  private volatile Throwable failure;

  /**
   * @param onStart runs first on the new thread (e.g. CPU pinning for the learner core)
   */
  public OnBoardLearnerThread(OnBoardLearner learner, Runnable onStart) {
    this(learner, onStart, t -> {});
  }

  /**
   * @param onStart runs first on the new thread (e.g. CPU pinning for the learner core)
   * @param onFailure told once, on the learner thread, when a poll throws
   */
  public OnBoardLearnerThread(
      OnBoardLearner learner, Runnable onStart, Consumer<Throwable> onFailure) {
    this.learner = learner;
    this.onStart = onStart;
    this.onFailure = onFailure;
    this.thread = new Thread(this::run, "reflex-learner");
    this.thread.setDaemon(true);
    this.thread.setPriority(Thread.MIN_PRIORITY);
  }

  /** Starts the thread. */
  public void start() {
    running = true;
    thread.start();
  }

  private void run() {
    try {
      if (onStart != null) {
        onStart.run();
      }
      while (running) {
        if (learner.poll() == 0) {
          LockSupport.parkNanos(IDLE_NS);
        }
      }
    } catch (Throwable t) {
      failure = t;
      boolean handedBack = offerLastGood();
      try {
        onFailure.accept(t);
      } catch (RuntimeException ignored) {
        // the handler reports; a handler that throws must not hide the first failure
      }
      long end = System.nanoTime() + FALL_BACK_WAIT_NS;
      while (!handedBack && System.nanoTime() < end) {
        LockSupport.parkNanos(IDLE_NS);
        handedBack = offerLastGood();
      }
    }
  }

  /**
   * Offers the last good actor to the loop once.
   *
   * @return true when it was handed over, or cannot be (offering it failed too: the loop keeps the
   *     last published actor, which was finite when it was published); false when the control
   *     thread has not taken the previous offer yet
   */
  private boolean offerLastGood() {
    try {
      return learner.fallBackToLastGood();
    } catch (Throwable e) {
      return true; // whatever failed here (an Error too) must not keep the failure unreported
    }
  }

  /**
   * Stops the thread and, when {@code finalCheckpoint}, writes a checkpoint from the caller's
   * thread once the learner thread has ended.
   */
  public void stop(boolean finalCheckpoint) throws InterruptedException {
    running = false;
    thread.join(10_000);
    if (finalCheckpoint && !thread.isAlive() && failure == null) {
      learner.checkpoint("shutdown");
    }
  }

  /** What ended the thread abnormally, or null. */
  public Throwable failure() {
    return failure;
  }
}
