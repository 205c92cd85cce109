package dev.reflex.finetune;

/**
 * When the evaluating guard evaluates the actor without noise: every {@code everyEpisodes} learning
 * episodes (or on request) the next {@code episodesPerEvaluation} episodes are an evaluation, whose
 * mean return the guard judges. It only counts and averages; {@link OnBoardLearner} freezes the
 * actor, suspends exploring and acts on the verdict.
 *
 * <p>Paired ({@link #begin(PairedGuard)}): the evaluation is {@code episodesPerEvaluation} pairs of
 * episodes, the incumbent's first and the candidate's second ({@link #nextIsIncumbent}), the second
 * from the first's reset state where the plant can be reset to one ({@link
 * #nextRepeatsResetState}); each finished pair goes to the {@link PairedGuard}.
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
  private PairedGuard pairs;
  private double incumbentReturn;
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

  /** Starts an evaluation (the next episodes are evaluation episodes of the current actor). */
  void begin() {
    begin(null);
  }

  /**
   * Starts an evaluation; with {@code paired} non-null, a paired one whose pairs go to it.
   *
   * @param paired cleared here, then given each pair. Modified.
   */
  void begin(PairedGuard paired) {
    evaluating = true;
    count = 0;
    sum = 0;
    pairs = paired;
    if (paired != null) {
      paired.clear();
    }
  }

  /** True while a paired evaluation runs and its next episode is the incumbent's. */
  boolean nextIsIncumbent() {
    return evaluating && pairs != null && count % 2 == 0;
  }

  /**
   * True while a paired evaluation runs and its next episode is a pair's second: it should start
   * from the reset state the first one started from, where the plant allows it.
   */
  boolean nextRepeatsResetState() {
    return evaluating && pairs != null && count % 2 == 1;
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
    if (evaluating && pairs != null) {
      if (count % 2 == 0) {
        incumbentReturn = episodeReturn;
      } else {
        pairs.add(incumbentReturn, episodeReturn);
        sum += episodeReturn;
      }
      count++;
      return count >= 2 * episodesPerEvaluation ? FINISHED : CONTINUE;
    }
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

  /** Mean return of the evaluation's episodes so far (a paired one's: the candidate's). */
  double mean() {
    return pairs != null ? sum / Math.max(1, count / 2) : sum / count;
  }

  /** Episodes of the current evaluation so far. */
  int count() {
    return count;
  }

  /** True when the current (or last) evaluation is paired. */
  boolean paired() {
    return pairs != null;
  }

  /** Asks for an evaluation after the current episode. Any thread. */
  void request() {
    requested = true;
  }
}
