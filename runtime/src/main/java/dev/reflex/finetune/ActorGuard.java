package dev.reflex.finetune;

import java.util.Locale;

/**
 * The guard's verdict on the learner's current actor, whatever it is judged by — one face over
 * {@link ReturnGuard} and {@link PairedGuard}, so the phase machine ({@link LearningPhases}) acts
 * on every mode the same way:
 *
 * <ul>
 *   <li>{@link Running}: the running return of exploring episodes ({@link ReturnGuard#episode}); a
 *       rollback here restores the critics too;
 *   <li>{@link Evaluated}: the mean of noise-free evaluation episodes ({@link
 *       ReturnGuard#evaluation});
 *   <li>{@link Paired}: the paired t-tests on pairs of incumbent and candidate episodes ({@link
 *       PairedGuard#verdict}); its pairs are added by the {@link EvaluationSchedule}.
 * </ul>
 *
 * <p>Real-time: {@link #judge} is allocation-free; the messages are built only for an event.
 * Threading: learner thread only.
 */
interface ActorGuard {
  /** What the verdict means for the actor. */
  enum Verdict {
    /** Better: keep it as the last good actor (when every number is finite). */
    BEST,
    /** No reason to act: learning goes on from it. */
    KEEP,
    /** Worse: back to the last good actor. */
    ROLL_BACK
  }

  /**
   * @param episodeReturn an exploring episode's return ({@link Running}) or an evaluation's mean
   */
  Verdict judge(double episodeReturn);

  /** True when a rollback puts the critics back as well as the actor. */
  boolean rollsBackCritics();

  /** The {@code best} event's text. */
  String bestMessage();

  /** The {@code best} event's value. */
  double bestValue(double episodeReturn);

  /** The {@code rollback} event's text (built before the rollback). */
  String rollbackMessage(double episodeReturn);

  /** The {@code evaluation} event's text for a kept actor, or null when a kept one is not told. */
  String keepMessage();

  /** Exploring episodes against the best running return. */
  final class Running implements ActorGuard {
    private final ReturnGuard guard;

    Running(ReturnGuard guard) {
      this.guard = guard;
    }

    @Override
    public Verdict judge(double episodeReturn) {
      boolean newBest = guard.episode(episodeReturn);
      if (guard.shouldRollBack(true)) {
        return Verdict.ROLL_BACK;
      }
      return newBest ? Verdict.BEST : Verdict.KEEP;
    }

    @Override
    public boolean rollsBackCritics() {
      return true;
    }

    @Override
    public String bestMessage() {
      return "new best running return; kept as the last good actor";
    }

    @Override
    public double bestValue(double episodeReturn) {
      return guard.best();
    }

    @Override
    public String rollbackMessage(double episodeReturn) {
      return "running return "
          + String.format("%.1f", guard.running())
          + " fell below "
          + String.format("%.1f", guard.threshold())
          + "; restored the last good actor";
    }

    @Override
    public String keepMessage() {
      return null;
    }
  }

  /** A noise-free evaluation's mean against the best evaluated. */
  final class Evaluated implements ActorGuard {
    private final ReturnGuard guard;

    Evaluated(ReturnGuard guard) {
      this.guard = guard;
    }

    @Override
    public Verdict judge(double meanReturn) {
      return switch (guard.evaluation(meanReturn)) {
        case BEST -> Verdict.BEST;
        case KEEP -> Verdict.KEEP;
        case ROLL_BACK -> Verdict.ROLL_BACK;
      };
    }

    @Override
    public boolean rollsBackCritics() {
      return false;
    }

    @Override
    public String bestMessage() {
      return "new best evaluation return; kept as the last good actor";
    }

    @Override
    public double bestValue(double meanReturn) {
      return meanReturn;
    }

    @Override
    public String rollbackMessage(double meanReturn) {
      return String.format(
          "evaluation return %.1f fell below %.1f; restored the last good actor",
          meanReturn, guard.threshold());
    }

    @Override
    public String keepMessage() {
      return "evaluation return (not a new best)";
    }
  }

  /** Pairs of incumbent and candidate episodes, by one-sided paired t-tests. */
  final class Paired implements ActorGuard {
    private final PairedGuard pairs;

    Paired(PairedGuard pairs) {
      this.pairs = pairs;
    }

    @Override
    public Verdict judge(double meanReturn) {
      return switch (pairs.verdict()) {
        case PROMOTE -> Verdict.BEST;
        case KEEP -> Verdict.KEEP;
        case ROLL_BACK -> Verdict.ROLL_BACK;
      };
    }

    @Override
    public boolean rollsBackCritics() {
      return false;
    }

    @Override
    public String bestMessage() {
      return "paired evaluation: better at level " + pairs.promoteLevel() + " (" + stats() + ")";
    }

    @Override
    public double bestValue(double meanReturn) {
      return meanReturn;
    }

    @Override
    public String rollbackMessage(double meanReturn) {
      return "paired evaluation: worse at level "
          + pairs.rollbackLevel()
          + " ("
          + stats()
          + "); restored the incumbent actor";
    }

    @Override
    public String keepMessage() {
      return "paired evaluation: no evidence (" + stats() + ")";
    }

    private String stats() {
      return String.format(
          Locale.ROOT,
          "candidate − incumbent %.1f over %d pairs, t %.2f",
          pairs.meanDifference(),
          pairs.pairs(),
          pairs.lastT());
    }
  }
}
