package dev.reflex.trainer;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The live progress line on stderr: steps, steps/s, updates/s, last episode return, last
 * evaluation, ETA. On a terminal it is rewritten in place ({@code \r}) a few times a second;
 * otherwise (a log file) a full line is printed every {@code linePeriodS} seconds.
 */
final class ProgressLine {
  private final PrintWriter err;
  private final boolean inPlace;
  private final long periodNs;
  private final long totalSteps;
  private final long startSteps;
  private final long startUpdates;
  private final long startNs;
  private long lastPrintNs;
  private int lastLength;

  ProgressLine(PrintWriter err, boolean inPlace, long totalSteps, Trainer trainer) {
    this.err = err;
    this.inPlace = inPlace;
    this.periodNs = inPlace ? 250_000_000L : 30_000_000_000L;
    this.totalSteps = totalSteps;
    this.startSteps = trainer.envSteps();
    this.startUpdates = trainer.learner().criticUpdates();
    this.startNs = System.nanoTime();
    this.lastPrintNs = startNs;
  }

  /** Prints when the period has passed. */
  void tick(Trainer t) {
    long now = System.nanoTime();
    if (now - lastPrintNs >= periodNs) {
      lastPrintNs = now;
      print(t, now);
    }
  }

  /** Prints the final state and ends the line. */
  void finish(Trainer t) {
    print(t, System.nanoTime());
    if (inPlace) {
      err.println();
      err.flush();
    }
  }

  private void print(Trainer t, long now) {
    double s = Math.max(1e-9, (now - startNs) / 1e9);
    double stepsPerS = (t.envSteps() - startSteps) / s;
    double updatesPerS = (t.learner().criticUpdates() - startUpdates) / s;
    double etaS = stepsPerS > 0 ? (totalSteps - t.envSteps()) / stepsPerS : Double.NaN;
    String eval =
        t.lastEval() == null
            ? "-"
            : String.format(Locale.ROOT, "%.1f±%.1f", t.lastEval().mean(), t.lastEval().std());
    String line =
        String.format(
            Locale.ROOT,
            "step %d/%d  %.0f steps/s  %.0f updates/s  episode %.1f  eval %s  ETA %s",
            t.envSteps(),
            totalSteps,
            stepsPerS,
            updatesPerS,
            t.lastEpisodeReturn(),
            eval,
            duration(etaS));
    if (inPlace) {
      int pad = Math.max(0, lastLength - line.length());
      err.print("\r" + line + " ".repeat(pad));
      lastLength = line.length();
    } else {
      err.println(line);
    }
    err.flush();
  }

  static String duration(double seconds) {
    if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
      return "-";
    }
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
