package dev.reflex.finetune;

import java.util.concurrent.locks.LockSupport;

/**
 * Owns the learner thread: runs {@link OnBoardLearner#poll} in a loop, idles briefly when there is
 * nothing to do, runs below the control thread's priority, and writes a final checkpoint when
 * stopped.
 *
 * <p>Threading: {@link #start} and {@link #stop} from the composition root.
 */
public final class OnBoardLearnerThread {
  private static final long IDLE_NS = 2_000_000L;
  private final OnBoardLearner learner;
  private final Thread thread;
  private final Runnable onStart;
  private volatile boolean running;
  private volatile Throwable failure;

  /**
   * @param onStart runs first on the new thread (e.g. CPU pinning for the learner core)
   */
  public OnBoardLearnerThread(OnBoardLearner learner, Runnable onStart) {
    this.learner = learner;
    this.onStart = onStart;
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
    }
  }

  /**
   * Stops the thread and, when {@code finalCheckpoint}, writes a checkpoint from the caller's
   * thread once the learner thread has ended.
   */
  public void stop(boolean finalCheckpoint) throws InterruptedException {
    running = false;
    thread.join(10_000);
    if (finalCheckpoint && !thread.isAlive()) {
      learner.checkpoint("shutdown");
    }
  }

  /** What ended the thread abnormally, or null. */
  public Throwable failure() {
    return failure;
  }
}
