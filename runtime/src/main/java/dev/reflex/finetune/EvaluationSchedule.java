package dev.reflex.finetune;

/**
 * When the evaluating guard evaluates the actor without noise: every {@code everyEpisodes} learning
 * episodes (or on request) the next {@code episodesPerEvaluation} episodes are an evaluation, whose
 * mean return the guard judges. It only counts and averages; {@link OnBoardLearner} freezes the
 * actor, suspends exploring and acts on the verdict.
 *
 * <p>Real-time: allocation-free. Threading: the learner thread, except {@link #request} (any
 * thread).
 */
final class EvaluationSchedule {
  /** Nothing changes with this episode. */
  static final int CONTINUE = 0;

  /** An evaluation starts with the next episode. */
  static final int BEGIN = 1;

  /** The evaluation is complete: {@link #mean} is its return. */
  static final int FINISHED = 2;

  private final int everyEpisodes;
  private final int episodesPerEvaluation;
  private boolean evaluating;
  private int count;
  private double sum;
  private int learningEpisodes;
  private volatile boolean requested;

  /**
   * @param everyEpisodes learning episodes between evaluations (0: no evaluations)
   * @param episodesPerEvaluation episodes averaged per evaluation (at least 1)
   */
  EvaluationSchedule(int everyEpisodes, int episodesPerEvaluation) {
    if (everyEpisodes < 0 || episodesPerEvaluation < 1) {
      throw new IllegalArgumentException(
          "evaluation every "
              + everyEpisodes
              + " episodes over "
              + episodesPerEvaluation
              + ": need every >= 0 and episodes >= 1");
    }
    this.everyEpisodes = everyEpisodes;
    this.episodesPerEvaluation = episodesPerEvaluation;
  }

  /** True when evaluations are configured. */
  boolean enabled() {
    return everyEpisodes > 0;
  }

  /** True between {@link #begin} and {@link #end}. */
  boolean evaluating() {
    return evaluating;
  }

  /** Starts an evaluation (the next episodes are evaluation episodes). */
  void begin() {
    evaluating = true;
    count = 0;
    sum = 0;
  }

  /** Ends the evaluation (finished or abandoned); the count to the next one restarts. */
  void end() {
    evaluating = false;
    learningEpisodes = 0;
  }

  /**
   * Accounts for an episode that ended.
   *
   * @param learningEpisode true when the actor was learning in it (it counts toward the next
   *     evaluation)
   * @return {@link #CONTINUE}, {@link #BEGIN} or {@link #FINISHED}
   */
  int episodeEnded(double episodeReturn, boolean learningEpisode) {
    if (evaluating) {
      sum += episodeReturn;
      count++;
      return count >= episodesPerEvaluation ? FINISHED : CONTINUE;
    }
    if (requested) {
      requested = false;
      return BEGIN;
    }
    if (!learningEpisode) {
      return CONTINUE;
    }
    learningEpisodes++;
    return learningEpisodes >= everyEpisodes ? BEGIN : CONTINUE;
  }

  /** Mean return of the evaluation's episodes so far. */
  double mean() {
    return sum / count;
  }

  /** Episodes of the current evaluation so far. */
  int count() {
    return count;
  }

  /** Asks for an evaluation after the current episode. Any thread. */
  void request() {
    requested = true;
  }
}
