package dev.reflex.app;

import dev.reflex.config.ControllerConfig;
import dev.reflex.config.LearningConfig;
import dev.reflex.config.SignalBounds;
import dev.reflex.finetune.ActorLearnerBridge;
import dev.reflex.finetune.CheckpointRotation;
import dev.reflex.finetune.DoubleBufferedActor;
import dev.reflex.finetune.EpisodeTracker;
import dev.reflex.finetune.Exploration;
import dev.reflex.finetune.ExploringPolicy;
import dev.reflex.finetune.LearningListener;
import dev.reflex.finetune.Lineage;
import dev.reflex.finetune.OnBoardLearner;
import dev.reflex.finetune.OnBoardLearnerOptions;
import dev.reflex.finetune.ReturnGuard;
import dev.reflex.finetune.RewardFunction;
import dev.reflex.format.ActorFile;
import dev.reflex.learning.Algorithm;
import dev.reflex.learning.Checkpoint;
import dev.reflex.learning.Learner;
import dev.reflex.learning.LearnerOptions;
import dev.reflex.learning.ReplayBuffer;
import dev.reflex.loop.PolicySwap;
import dev.reflex.loop.SpscRing;
import dev.reflex.loop.StepRecord;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Builds on-board learning from a config and the starting actor: the learner (same code as the
 * trainer) loaded from the actor or from the newest valid checkpoint of its {@link Lineage},
 * exploration, the double buffer, the reward (one instance, shared with telemetry) and episode
 * definitions, the guard and the checkpoint rotation.
 */
final class FineTuningAssembly {
  final Learner learner;
  final ReplayBuffer replay;
  final Exploration exploration;
  final DoubleBufferedActor buffer;
  final RewardFunction reward;
  final CheckpointRotation checkpoints;
  final String startedFrom;

  /** The checkpoint directory's lineage, or null without a checkpoint directory. */
  final Lineage lineage;

  private final long resumedActorVersion;
  private final ControllerConfig config;
  private final ActorFile actor;
  private final boolean resumed;
  private final boolean ownCheckpoint;

  FineTuningAssembly(
      ControllerConfig config, ActorFile actor, PolicySwap swap, long seed, Consumer<String> log)
      throws IOException {
    this(config, actor, config.actorFile(), swap, seed, log);
  }

  /**
   * @param actorPath the file {@code actor} was read from (its sha256 names the lineage)
   */
  FineTuningAssembly(
      ControllerConfig config,
      ActorFile actor,
      java.nio.file.Path actorPath,
      PolicySwap swap,
      long seed,
      Consumer<String> log)
      throws IOException {
    this.config = config;
    this.actor = actor;
    LearningConfig lc = config.learning();
    int obs = actor.observationSize();
    int act = actor.actionSize();
    checkpoints =
        lc.checkpoint() == null || lc.checkpoint().dir() == null
            ? null
            : new CheckpointRotation(lc.checkpoint().dir(), Math.max(1, lc.checkpoint().keep()));
    // The board's own newest valid checkpoint first when it descends from this actor file (a
    // restart resumes, replay buffer included; another actor starts a new lineage and the old
    // checkpoints are moved aside), else start_from (a trainer checkpoint: its networks, not its
    // replay, which holds the simulator's transitions), else the actor file with a fresh critic.
    Optional<Checkpoint> start = Optional.empty();
    boolean ownCheckpoint = false;
    String from = "actor " + actorPath;
    Lineage opened = null;
    long version = 0;
    if (checkpoints != null) {
      Lineage.Opened o = Lineage.open(checkpoints, actorPath, System.currentTimeMillis(), log);
      opened = o.lineage();
      if (o.resume().isPresent()) {
        Checkpoint c = o.resume().get().checkpoint();
        start = Optional.of(c);
        from = "checkpoint " + o.resume().get().path();
        ownCheckpoint = true;
        version = parseVersion(c.metadata().get("reflex.actor_version"));
      }
    }
    lineage = opened;
    resumedActorVersion = version;
    if (start.isEmpty() && lc.startFromCheckpoint().isPresent()) {
      start = Optional.of(Checkpoint.read(lc.startFromCheckpoint().get()));
      from = "checkpoint " + lc.startFromCheckpoint().get();
    }
    if (start.isPresent()) {
      Checkpoint c = start.get();
      if (c.obsSize() != obs || c.actSize() != act) {
        throw new IllegalArgumentException(
            from
                + " is "
                + c.obsSize()
                + "→"
                + c.actSize()
                + " but the actor is "
                + obs
                + "→"
                + act);
      }
      // the networks' shapes and the algorithm's variant come from the checkpoint, the learning
      // settings (rates, discount, batch) from the config: a trainer checkpoint was trained with
      // the trainer's, usually larger, learning rates
      learner = new Learner(settings(c.options().copy(), lc), obs, act, seed);
      c.restoreLearner(learner);
      replay = new ReplayBuffer(lc.replayCapacity(), obs, act);
      if (ownCheckpoint && c.hasReplay()) {
        try {
          c.restoreReplay(replay);
        } catch (RuntimeException | IOException e) {
          log.accept("checkpoint replay not restored (" + e.getMessage() + "); starting it empty");
        }
      }
    } else {
      learner = new Learner(options(lc, actor), obs, act, seed);
      ActorLearnerBridge.load(actor, learner.actor());
      learner.actorTarget().parameters().copyFrom(learner.actor().parameters());
      replay = new ReplayBuffer(lc.replayCapacity(), obs, act);
    }
    resumed = start.isPresent();
    this.ownCheckpoint = ownCheckpoint;
    startedFrom = from;
    LearningConfig.Exploration ex = lc.exploration();
    double[] safeMin = null;
    double[] safeMax = null;
    if (!ex.safeRegion().isEmpty()) {
      safeMin = new double[obs];
      safeMax = new double[obs];
      java.util.Arrays.fill(safeMin, Double.NEGATIVE_INFINITY);
      java.util.Arrays.fill(safeMax, Double.POSITIVE_INFINITY);
      for (SignalBounds b : ex.safeRegion()) {
        safeMin[b.signalIndex()] = b.min();
        safeMax[b.signalIndex()] = b.max();
      }
    }
    exploration =
        new Exploration(
            act,
            ex.noise() == LearningConfig.Noise.OU,
            ex.ouTheta(),
            ex.scale(),
            ex.cap(),
            safeMin,
            safeMax,
            seed ^ 0x5DEECE66DL);
    double[] low = actor.scaling().actionLow();
    double[] high = actor.scaling().actionHigh();
    buffer =
        new DoubleBufferedActor(
            actor, inner -> new ExploringPolicy(inner, exploration, low, high), swap);
    reward = reward(config, obs, act);
  }

  private static long parseVersion(String s) {
    try {
      return s == null ? 0 : Math.max(0, Long.parseLong(s));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The learner's options: the actor's shapes, the config's hyperparameters. */
  private static LearnerOptions options(LearningConfig lc, ActorFile actor) {
    LearnerOptions o =
        LearnerOptions.defaults(
            lc.algo() == LearningConfig.Algo.DDPG ? Algorithm.DDPG : Algorithm.TD3);
    ActorLearnerBridge.shapeLike(actor, o, true);
    return settings(o, lc);
  }

  /** The config's learning settings written over {@code o}. */
  private static LearnerOptions settings(LearnerOptions o, LearningConfig lc) {
    o.actorLr = lc.actorLr();
    o.criticLr = lc.criticLr();
    o.criticWeightDecay = lc.criticWeightDecay();
    o.gamma = lc.gamma();
    o.tau = lc.tau();
    o.batchSize = lc.batchSize();
    o.replayCapacity = lc.replayCapacity();
    o.precision = lc.precision();
    return o;
  }

  /** The reward function the config describes, over [observation..., action...]. */
  static RewardFunction reward(ControllerConfig config, int obs, int act) {
    RewardFunction.Builder b = RewardFunction.builder(obs, act);
    LearningConfig.Reward r = config.learning().reward();
    for (LearningConfig.QuadraticTerm q : r.quadratic()) {
      b.quadratic(q.signalIndex(), q.weight(), q.setpoint());
    }
    for (SignalBounds s : r.bonus()) {
      b.band(s.signalIndex(), s.min(), s.max(), s.value());
    }
    for (SignalBounds s : r.limitPenalty()) {
      b.limit(s.signalIndex(), s.min(), s.max(), s.value());
    }
    return b.build();
  }

  /** The learner's per-thread pieces and the learner itself, ready to run. */
  OnBoardLearner onBoardLearner(
      SpscRing steps, StepRecord layout, LearningListener listener, double periodS) {
    LearningConfig lc = config.learning();
    OnBoardLearnerOptions o = new OnBoardLearnerOptions();
    o.updatesPerSecond = lc.updatesPerSecond();
    o.updatesPerTransition = lc.updatesPerTransition();
    o.criticWarmupUpdates = lc.criticWarmupUpdates();
    o.behaviourCloningWeight = lc.behaviourCloning().weight();
    o.behaviourCloningHalfLife = lc.behaviourCloning().halfLifeUpdates();
    o.minReplay = Math.max(lc.batchSize(), 200);
    o.scaling = actor.scaling();
    o.evalEveryEpisodes = lc.evaluation().everyEpisodes();
    o.evalEpisodes = lc.evaluation().episodes();
    o.evalPromoteLevel = lc.evaluation().promoteLevel();
    o.evalRollbackLevel = lc.evaluation().rollbackLevel();
    o.checkpointPeriodS = lc.checkpoint() == null ? 0 : lc.checkpoint().periodNs() * 1e-9;
    o.failAfterUpdates = Long.getLong("reflex.test.learner-fails-after-updates", 0L);
    LearningConfig.Episode ep = lc.episode();
    long limitTicks = ep.timeLimitNs() <= 0 ? 0 : Math.round(ep.timeLimitNs() * 1e-9 / periodS);
    int condSignal = -1;
    double condMin = 0;
    double condMax = 0;
    List<SignalBounds> ends = ep.endWhenOutside();
    if (!ends.isEmpty()) {
      condSignal = ends.get(0).signalIndex();
      condMin = ends.get(0).min();
      condMax = ends.get(0).max();
    }
    EpisodeTracker episodes =
        new EpisodeTracker(limitTicks, condSignal, condMin, condMax, ep.resetHoldTicks());
    OnBoardLearner l =
        new OnBoardLearner(
            o,
            learner,
            replay,
            steps,
            layout,
            reward,
            episodes,
            new ReturnGuard(lc.rollbackMargin(), 0.3, 2),
            buffer,
            exploration,
            checkpoints,
            listener,
            System::nanoTime,
            resumed);
    if (ownCheckpoint) {
      l.continueFrom(resumedActorVersion);
    }
    return l;
  }
}
