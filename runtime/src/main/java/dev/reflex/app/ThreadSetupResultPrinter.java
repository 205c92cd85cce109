package dev.reflex.app;

import dev.reflex.loop.LoopRunner;
import dev.reflex.loop.ThreadSetupResult;
import java.io.PrintStream;

/**
 * Prints what the OS granted the control thread (pinning, SCHED_FIFO, mlockall) once it started.
 */
final class ThreadSetupResultPrinter {
  private ThreadSetupResultPrinter() {}

  static void print(LoopRunner runner, PrintStream log) {
    ThreadSetupResult r = null;
    for (int i = 0; i < 100 && r == null; i++) {
      r = runner.setupResult();
      if (r == null) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    if (r != null) {
      log.println("reflex: control thread: " + r.describe());
    }
  }
}
