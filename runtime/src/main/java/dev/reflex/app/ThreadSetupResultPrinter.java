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
    // Up to 10 s: the first FFM downcalls link their stubs, which under qemu-user (the board
    // stage) takes longer than the 0.5 s this waited before; natively it is a few ms.
    for (int i = 0; i < 2000 && r == null; i++) {
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
