package dev.reflex.trainer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Drives a {@link Trainer} to a step budget and writes the run's files into the output directory:
 * {@code progress.csv} rows as episodes end and evaluations run, {@code actor.safetensors}, {@code
 * checkpoint.safetensors} and {@code learning-curve.png} (unless the plot is turned off) every
 * {@code checkpoint-interval} steps and at the end (after a final evaluation if none fell on the
 * last step).
 */
final class TrainRun {
  /** Name of the compact actor in the output directory. */
  static final String ACTOR = "actor.safetensors";

  /** Name of the checkpoint in the output directory. */
  static final String CHECKPOINT = "checkpoint.safetensors";

  /** Name of the progress log in the output directory. */
  static final String PROGRESS = "progress.csv";

  /** Name of the plot in the output directory. */
  static final String PLOT = "learning-curve.png";

  private final Trainer trainer;
  private final long totalSteps;
  private final Path out;
  private final ProgressLog log;
  private final ProgressLine line;
  private final double elapsedBeforeS;
  private final boolean plot;
  private final long startNs = System.nanoTime();
  private volatile boolean stopRequested;
  private boolean interrupted;

  TrainRun(
      Trainer trainer,
      long totalSteps,
      Path out,
      ProgressLog log,
      PrintWriter err,
      boolean showProgress,
      boolean inPlace,
      double elapsedBeforeS,
      boolean plot) {
    this.plot = plot;
    this.trainer = trainer;
    this.totalSteps = totalSteps;
    this.out = out;
    this.log = log;
    this.line = showProgress ? new ProgressLine(err, inPlace, totalSteps, trainer) : null;
    this.elapsedBeforeS = elapsedBeforeS;
  }

  /**
   * Asks the run to stop after the current step and write its outputs (checkpoint included) as at a
   * checkpoint interval: what SIGINT/SIGTERM do. Any thread.
   */
  void requestStop() {
    stopRequested = true;
  }

  /** True when the run ended by {@link #requestStop} before its budget. */
  boolean interrupted() {
    return interrupted;
  }

  /**
   * Runs to the budget and returns the final evaluation; after {@link #requestStop}, writes the
   * outputs at the step reached (no final evaluation) and returns the latest evaluation.
   */
  EvalResult run() throws IOException {
    int interval = trainer.config().checkpointInterval;
    while (trainer.envSteps() < totalSteps) {
      if (stopRequested) {
        interrupted = true;
        writeOutputs();
        return trainer.lastEval();
      }
      long episodes = trainer.episodes();
      long evalStep = trainer.lastEvalStep();
      trainer.step();
      boolean episodeEnded = trainer.episodes() != episodes;
      boolean evaluated = trainer.lastEvalStep() != evalStep;
      if (episodeEnded || evaluated) {
        logRow(episodeEnded, evaluated);
      }
      if (interval > 0 && trainer.envSteps() % interval == 0 && trainer.envSteps() < totalSteps) {
        writeOutputs();
      }
      if (line != null && (trainer.envSteps() & 63) == 0) {
        line.tick(trainer);
      }
    }
    if (trainer.lastEvalStep() != trainer.envSteps()) {
      trainer.evaluate();
      logRow(false, true);
    }
    writeOutputs();
    if (line != null) {
      line.finish(trainer);
    }
    return trainer.lastEval();
  }

  private void logRow(boolean episodeEnded, boolean evaluated) throws IOException {
    EvalResult e = trainer.lastEval();
    log.append(
        new ProgressLog.Row(
            trainer.envSteps(),
            elapsedS(),
            episodeEnded ? trainer.lastEpisodeReturn() : Double.NaN,
            evaluated ? e.mean() : Double.NaN,
            evaluated ? e.std() : Double.NaN,
            trainer.learner().lastCriticLoss(),
            trainer.learner().lastActorLoss(),
            trainer.learner().lastMeanQ()));
  }

  private double elapsedS() {
    return elapsedBeforeS + (System.nanoTime() - startNs) / 1e9;
  }

  private void writeOutputs() throws IOException {
    ActorExport.of(trainer).write(out.resolve(ACTOR));
    trainer
        .checkpoint()
        .metadata("trainer_elapsed_s", Double.toString(elapsedS()))
        .write(out.resolve(CHECKPOINT));
    if (!plot) {
      return;
    }
    String title =
        trainer.config().env
            + " "
            + trainer.config().learner.algorithm.name()
            + " seed "
            + trainer.seed();
    try {
      LearningCurvePlot.write(out.resolve(PLOT), log.rows(), title);
    } catch (IllegalStateException shuttingDown) {
      // after SIGINT/SIGTERM the JVM is shutting down and Java2D cannot start: actor and
      // checkpoint are written, the plot is redrawn at the next interval of the resumed run
      if (!interrupted) {
        throw shuttingDown;
      }
    }
  }
}
