package dev.reflex.finetune;

import dev.reflex.learning.Learner;
import dev.reflex.learning.ReplayBuffer;
import dev.reflex.loop.SpscRing;
import dev.reflex.loop.StepRecord;
import dev.reflex.loop.TickFlags;

/**
 * Turns the control thread's step records into transitions: consecutive records of one plant step
 * become (observation, applied action, reward, next observation) in the replay buffer, normalised
 * as the actor sees them and with the action scaled to [−1, 1]. Records with a fault, a stale or
 * failed sensor, the safe hold or a gap (a dropped record), the step across a plant's reset and the
 * reset routine's ticks are skipped and counted.
 *
 * <p>Real-time: {@link #drain} is allocation-free (what the episode-end handler does aside).
 * Threading: learner thread only.
 */
final class TransitionAssembler {
  /** Told when an episode ended (learner thread, inside {@link #drain}). */
  interface EpisodeEnd {
    void episodeEnded(double episodeReturn);
  }

  static final int SKIP_FLAGS =
      TickFlags.FAULTED
          | TickFlags.HOLD
          | TickFlags.SENSOR_FAILED
          | TickFlags.SENSOR_STALE
          | TickFlags.STOP
          | TickFlags.WRITE_FAILED;

  private final OnBoardLearnerOptions opt;
  private final SpscRing steps;
  private final RewardFunction reward;
  private final EpisodeTracker episodes;
  private final ReplayBuffer replay;
  private final LearningProgress progress;
  private final EpisodeEnd onEpisodeEnd;
  private final int obsSize;
  private final int actSize;
  private final int actOffset;
  private double[] prev;
  private double[] cur;
  private boolean havePrev;
  private final double[] obs;
  private final double[] act;
  private final double[] nextObs;
  private final double[] obsN;
  private final double[] actS;
  private final double[] nextObsN;

  /**
   * @param opt the normalisation and the action bounds
   * @param progress its transition, skip and episode counters are kept here. Modified.
   */
  TransitionAssembler(
      OnBoardLearnerOptions opt,
      StepRecord layout,
      SpscRing steps,
      RewardFunction reward,
      EpisodeTracker episodes,
      ReplayBuffer replay,
      LearningProgress progress,
      EpisodeEnd onEpisodeEnd) {
    this.opt = opt;
    this.steps = steps;
    this.reward = reward;
    this.episodes = episodes;
    this.replay = replay;
    this.progress = progress;
    this.onEpisodeEnd = onEpisodeEnd;
    obsSize = layout.observationSize();
    actSize = layout.actionSize();
    actOffset = layout.actionOffset();
    if (opt.scaling == null
        || opt.scaling.observationSize() != obsSize
        || opt.scaling.actionSize() != actSize) {
      throw new IllegalArgumentException(
          "options.scaling must be the actor's scaling for " + obsSize + "→" + actSize);
    }
    prev = new double[layout.width()];
    cur = new double[layout.width()];
    obs = new double[obsSize];
    act = new double[actSize];
    nextObs = new double[obsSize];
    obsN = new double[obsSize];
    actS = new double[actSize];
    nextObsN = new double[obsSize];
  }

  /**
   * @throws IllegalArgumentException when the loop's records do not fit {@code learner}
   */
  static void requireFit(Learner learner, StepRecord layout) {
    if (learner.obsSize() != layout.observationSize() || learner.actSize() != layout.actionSize()) {
      throw new IllegalArgumentException(
          "learner is "
              + learner.obsSize()
              + "→"
              + learner.actSize()
              + " but the loop records "
              + layout.observationSize()
              + "→"
              + layout.actionSize());
    }
  }

  /**
   * Takes every record waiting in the ring.
   *
   * @return records taken
   */
  int drain() {
    int n = 0;
    while (steps.poll(cur)) {
      n++;
      if (havePrev && (StepRecord.flags(cur) & TickFlags.EPISODE_START) != 0) {
        progress.skippedSteps++; // the step across the plant's reset is no transition
        if (episodes.endByPlant()) {
          episodeEnded(episodes.lastReturn());
        }
      } else if (havePrev
          && StepRecord.tickIndex(cur) == StepRecord.tickIndex(prev) + 1
          && (StepRecord.flags(prev) & SKIP_FLAGS) == 0
          && (StepRecord.flags(cur) & SKIP_FLAGS) == 0) {
        transition();
      } else if (havePrev) {
        progress.skippedSteps++;
      }
      double[] t = prev;
      prev = cur;
      cur = t;
      havePrev = true;
    }
    return n;
  }

  /** prev → cur is one transition of the plant. */
  private void transition() {
    if (episodes.consumeResetTick()) {
      progress.skippedSteps++;
      return;
    }
    System.arraycopy(prev, StepRecord.OBSERVATION, obs, 0, obsSize);
    System.arraycopy(prev, actOffset, act, 0, actSize);
    System.arraycopy(cur, StepRecord.OBSERVATION, nextObs, 0, obsSize);
    double r = reward.reward(obs, act);
    int outcome = episodes.step(nextObs, r);
    opt.scaling.normalise(obs, obsN);
    opt.scaling.normalise(nextObs, nextObsN);
    opt.scaling.scaleAction(act, actS);
    replay.add(
        obsN,
        actS,
        r,
        nextObsN,
        outcome == EpisodeTracker.TERMINATED,
        outcome == EpisodeTracker.TRUNCATED);
    progress.transitions++;
    if (outcome != EpisodeTracker.CONTINUE) {
      episodeEnded(episodes.lastReturn());
    }
  }

  private void episodeEnded(double ret) {
    progress.episodes = episodes.episodes();
    progress.episodeReturn = ret;
    onEpisodeEnd.episodeEnded(ret);
  }
}
