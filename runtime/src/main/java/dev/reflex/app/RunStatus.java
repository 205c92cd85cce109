package dev.reflex.app;

import dev.reflex.cli.CliValues;
import dev.reflex.finetune.LearningProgress;
import dev.reflex.loop.LoopStats;
import java.io.PrintStream;
import java.util.Locale;

/**
 * What {@code run} tells the person watching it: on a terminal a status line redrawn in place
 * (ticks, missed periods, learner updates, actor version, last and evaluation return, rollbacks),
 * and at exit a summary of the loop timing and of the learning. Off a terminal (a service, a log
 * file) only the summary: no carriage returns or escape codes in logs.
 *
 * <p>Threading: the supervising (main) thread only. Allocates: not on the control thread.
 */
final class RunStatus {
  private static final long PERIOD_MS = 500;
  private final Controller c;
  private final PrintStream err;
  private final boolean live;
  private long nextMs;
  private boolean shown;

  /**
   * @param live redraw a status line (true on a terminal)
   */
  RunStatus(Controller c, PrintStream err, boolean live) {
    this.c = c;
    this.err = err;
    this.live = live;
  }

  /** A status line on a terminal: stderr is one and TERM is not dumb. */
  static boolean onTerminal() {
    String term = System.getenv("TERM");
    return System.console() != null
        && System.console().isTerminal()
        && term != null
        && !term.equals("dumb");
  }

  /** Redraws the status line if it is due. */
  void update() {
    long now = System.currentTimeMillis();
    if (!live || now < nextMs) {
      return;
    }
    nextMs = now + PERIOD_MS;
    err.print("\r\033[K" + line(now));
    err.flush();
    shown = true;
  }

  /** Prints a message on its own line (the status line, if shown, is redrawn after it). */
  void println(String message) {
    clear();
    err.println(message);
    nextMs = 0;
  }

  /** Removes the status line, so that what follows starts on a clean line. */
  void clear() {
    if (shown) {
      err.print("\r\033[K");
      err.flush();
      shown = false;
    }
  }

  /** The status line's text. */
  String line(long nowMs) {
    StringBuilder sb = new StringBuilder(160);
    sb.append("reflex: ").append(String.format(Locale.ROOT, "%.0f s", (nowMs - c.startMs) / 1e3));
    LoopStats stats = c.lifecycle.stats();
    if (stats != null) {
      sb.append("  ticks ").append(stats.ticks());
      sb.append("  misses ").append(stats.missedPeriods());
    }
    if (c.learner != null) {
      LearningProgress p = c.learner.progress();
      sb.append("  updates ").append(p.updates);
      sb.append("  actor v").append(p.actorVersion);
      sb.append("  return ").append(number(p.episodeReturn));
      sb.append("  eval ").append(number(p.evalReturn));
      sb.append("  rollbacks ").append(p.rollbacks);
      if (p.evaluating) {
        sb.append("  (evaluating)");
      }
    } else {
      sb.append("  learning off");
    }
    return sb.toString();
  }

  /** The summary printed at exit: loop timing, then learning. */
  void summary(String stopReason) {
    clear();
    double uptimeS = (System.currentTimeMillis() - c.startMs) / 1e3;
    StringBuilder sb = new StringBuilder(1024);
    sb.append(
        String.format(Locale.ROOT, "reflex: summary after %.1f s (%s)%n", uptimeS, stopReason));
    LoopStats stats = c.lifecycle.stats();
    if (stats != null) {
      sb.append("loop: ").append(stats.summary());
    }
    if (c.learner != null) {
      LearningProgress p = c.learner.progress();
      sb.append(
          String.format(
              Locale.ROOT,
              "learning: %d episodes, %d transitions, %d updates, actor v%d, %s%n",
              p.episodes,
              p.transitions,
              p.updates,
              p.actorVersion,
              CliValues.plural(p.rollbacks, "rollback")));
      sb.append(
          String.format(
              Locale.ROOT,
              "returns: baseline %s, last episode %s, running %s, last evaluation %s (%s)%n",
              number(p.baselineReturn),
              number(p.episodeReturn),
              number(p.runningReturn),
              number(p.evalReturn),
              CliValues.plural(p.evaluations, "evaluation")));
    } else {
      sb.append("learning: off\n");
    }
    err.print(sb);
    err.flush();
  }

  private static String number(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "-";
  }
}
