package dev.reflex.app;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What went wrong with the controller's worker threads (learner, telemetry) during a run: counted
 * for the run report and the exit status, with the first cause of each kept for the retained
 * status. The loop never depends on either thread.
 *
 * <p>Threading: written by the failing thread, read by any.
 */
final class WorkerHealth {
  private final AtomicInteger learnerFailures = new AtomicInteger();
  private final AtomicInteger telemetryFailures = new AtomicInteger();
  private volatile String learnerFailure;
  private volatile String telemetryFailure;

  void learnerFailed(String cause) {
    learnerFailures.incrementAndGet();
    if (learnerFailure == null) {
      learnerFailure = cause;
    }
  }

  void telemetryFailed(String cause) {
    telemetryFailures.incrementAndGet();
    if (telemetryFailure == null) {
      telemetryFailure = cause;
    }
  }

  int learnerFailures() {
    return learnerFailures.get();
  }

  int telemetryFailures() {
    return telemetryFailures.get();
  }

  /** The learner thread's cause, or null while it runs. */
  String learnerFailure() {
    return learnerFailure;
  }

  /** The telemetry thread's cause, or null while it runs. */
  String telemetryFailure() {
    return telemetryFailure;
  }

  /** True when a worker thread failed during the run. */
  boolean anyFailed() {
    return learnerFailure != null || telemetryFailure != null;
  }

  /** One line: the exception's class and message, and where it was thrown. */
  static String describe(Throwable t) {
    StackTraceElement[] st = t.getStackTrace();
    String where =
        st.length == 0
            ? ""
            : " at "
                + st[0].getClassName().replaceAll(".*\\.", "")
                + "."
                + st[0].getMethodName()
                + ":"
                + st[0].getLineNumber();
    return t.getClass().getSimpleName() + ": " + t.getMessage() + where;
  }
}
