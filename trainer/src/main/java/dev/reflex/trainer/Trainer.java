package dev.reflex.trainer;

import dev.reflex.format.ActorScaling;
import dev.reflex.format.SafetensorsFormatException;
import dev.reflex.format.Tensor;
import dev.reflex.learning.ActionNoise;
import dev.reflex.learning.Checkpoint;
import dev.reflex.learning.GaussianNoise;
import dev.reflex.learning.Learner;
import dev.reflex.learning.OrnsteinUhlenbeckNoise;
import dev.reflex.learning.ReplayBuffer;
import dev.reflex.network.Rng;
import dev.reflex.plant.sim.EpisodeStepper;
import dev.reflex.plant.sim.SimPlant;
import dev.reflex.plant.sim.SimPlants;
import dev.reflex.policy.CompactActor;
import java.util.Map;

/**
 * The training loop over one simulated plant, one environment step per {@link #step} call, in the
 * order of the papers (and of CleanRL's {@code td3_continuous_action.py}):
 *
 * <ol>
 *   <li>pick an action in [−1, 1]: uniformly at random during the warm-up steps, else the actor's
 *       plus exploration noise, clipped;
 *   <li>scale it to the plant's physical bounds and step the plant at its nominal dt;
 *   <li>store (s, a, r, s′, terminated, truncated) — truncation by the time limit is kept apart
 *       from termination, so a truncated transition still bootstraps from s′;
 *   <li>once the warm-up is over and the buffer holds a batch, do {@code updates-per-step} learner
 *       updates (TD3's delayed actor update and target updates happen inside the learner);
 *   <li>at an episode end reset the plant and the noise; every {@code eval-interval} steps run the
 *       deterministic actor, as the float32 compact actor, on separate seeded episodes ({@link
 *       Evaluator}).
 * </ol>
 *
 * <p>Randomness: four generators derived from the seed (learner, plant resets, warm-up actions,
 * exploration noise); evaluation uses fixed seeds {@value #EVAL_SEED} + i and never touches the
 * training state. {@link #checkpoint} captures all of it, and the actions of the episode in
 * progress: {@link #resume} replays them on a freshly reset plant (plants are deterministic given
 * their reset generator), so the run continues bit for bit.
 *
 * <p>Real-time: {@link #step} is allocation-free when no evaluation falls on it. Threading: one
 * thread.
 */
public final class Trainer {
  /** Seed of the first evaluation episode; episode i uses {@code EVAL_SEED + i}. */
  public static final long EVAL_SEED = 1_000_000L;

  private final TrainConfig cfg;
  private final long seed;
  private final SimPlant plant;
  private final EpisodeStepper stepper;
  private final Evaluator evaluator;
  private final ActorScaling scaling;
  private final Learner learner;
  private final LearnerPolicy policy;
  private final ReplayBuffer replay;
  private final Rng envRng;
  private final Rng warmupRng;
  private final Rng noiseRng;
  private final ActionNoise noise;
  private final int actSize;
  private final int maxEpisodeSteps;
  private final int learningStarts;
  private final long[] episodeStartRng = new long[6];
  private final double[] episodeActions;
  private final double[] rawObs;
  private final double[] action;
  private final double[] noiseOut;
  private final double[] physical;
  private double[] obs;
  private double[] nextObs;

  private long envSteps;
  private long episodes;
  private double lastEpisodeReturn = Double.NaN;
  private EvalResult lastEval;
  private long lastEvalStep = -1;

  private Trainer(TrainConfig cfg, long seed, Learner learner, Rng master) {
    this.cfg = cfg;
    this.seed = seed;
    this.plant = newPlant(cfg);
    this.stepper = EpisodeStepper.nominal(plant);
    this.evaluator = new Evaluator(newPlant(cfg));
    int obsSize = plant.observationSize();
    this.actSize = plant.actionSize();
    cfg.validate(obsSize);
    this.learner =
        learner != null ? learner : new Learner(cfg.learner, obsSize, actSize, master.nextLong());
    this.envRng = new Rng(master.nextLong());
    this.warmupRng = new Rng(master.nextLong());
    this.noiseRng = new Rng(master.nextLong());
    this.noise =
        switch (cfg.noise) {
          case GAUSSIAN -> new GaussianNoise(cfg.noiseSigma, noiseRng);
          case OU ->
              new OrnsteinUhlenbeckNoise(actSize, cfg.ouTheta, cfg.noiseSigma, 1.0, noiseRng);
          case NONE -> null;
        };
    this.scaling =
        new ActorScaling(
            cfg.obsMeanOrZeros(obsSize),
            cfg.obsStdOrOnes(obsSize),
            cfg.obsClip,
            plant.actionLow(),
            plant.actionHigh());
    this.policy = new LearnerPolicy(this.learner, scaling);
    // A float32 learner gets a float32 buffer: half the memory, rows copied straight into its
    // batch.
    this.replay =
        cfg.learner.precision == dev.reflex.network.Precision.F32
            ? ReplayBuffer.float32(cfg.learner.replayCapacity, obsSize, actSize)
            : new ReplayBuffer(cfg.learner.replayCapacity, obsSize, actSize);
    this.maxEpisodeSteps = plant.maxEpisodeSteps();
    this.learningStarts = Math.max(cfg.warmupSteps, cfg.learner.batchSize);
    this.episodeActions = new double[maxEpisodeSteps * actSize];
    this.rawObs = new double[obsSize];
    this.obs = new double[obsSize];
    this.nextObs = new double[obsSize];
    this.action = new double[actSize];
    this.noiseOut = new double[actSize];
    this.physical = new double[actSize];
  }

  private static SimPlant newPlant(TrainConfig cfg) {
    SimPlant p = SimPlants.create(cfg.env);
    for (Map.Entry<String, Double> e : cfg.params.entrySet()) {
      p.setParameter(e.getKey(), e.getValue());
    }
    return p;
  }

  /** A new run: fresh networks and generators, all derived from {@code seed}. */
  public static Trainer start(TrainConfig cfg, long seed) {
    Trainer t = new Trainer(cfg, seed, null, new Rng(seed));
    t.startEpisode();
    return t;
  }

  /**
   * Continues the run saved in {@code ckpt} with {@code cfg} (the checkpoint's own settings, with
   * at most evaluation and checkpoint settings changed).
   *
   * @throws SafetensorsFormatException naming the file and the tensor that does not fit
   */
  public static Trainer resume(Checkpoint ckpt, TrainConfig cfg, long seed)
      throws SafetensorsFormatException {
    Trainer t = new Trainer(cfg, seed, ckpt.newLearner(), new Rng(seed));
    t.restore(ckpt);
    return t;
  }

  private void startEpisode() {
    envRng.saveState(episodeStartRng);
    stepper.reset(envRng);
    if (noise != null) {
      noise.reset();
    }
    stepper.observe(rawObs);
    scaling.normalise(rawObs, obs);
  }

  /** One environment step, and the learner updates and evaluation that fall on it. */
  public void step() {
    if (envSteps < cfg.warmupSteps) {
      for (int i = 0; i < actSize; i++) {
        action[i] = warmupRng.uniform(-1, 1);
      }
    } else {
      learner.act(obs, action);
      if (noise != null) {
        noise.sample(noiseOut);
        for (int i = 0; i < actSize; i++) {
          action[i] = Math.max(-1, Math.min(1, action[i] + noiseOut[i]));
        }
      }
    }
    scaling.unscaleAction(action, physical);
    System.arraycopy(physical, 0, episodeActions, stepper.steps() * actSize, actSize);
    double reward = stepper.step(physical);
    stepper.observe(rawObs);
    scaling.normalise(rawObs, nextObs);
    boolean terminated = stepper.terminated();
    boolean truncated = stepper.truncated();
    replay.add(obs, action, Math.max(cfg.rewardMin, reward), nextObs, terminated, truncated);
    envSteps++;
    if (envSteps >= learningStarts) {
      for (int k = 0; k < cfg.updatesPerStep; k++) {
        learner.update(replay);
      }
    }
    if (terminated || truncated) {
      lastEpisodeReturn = stepper.episodeReturn();
      episodes++;
      startEpisode();
    } else {
      double[] swap = obs;
      obs = nextObs;
      nextObs = swap;
    }
    if (cfg.evalInterval > 0 && envSteps % cfg.evalInterval == 0) {
      evaluate();
    }
  }

  /**
   * Runs an evaluation now: the deterministic actor as the compact float32 actor the runtime runs
   * (exported from the learner's current actor), seeds {@value #EVAL_SEED} + i.
   */
  public EvalResult evaluate() {
    lastEval = evaluator.run(new CompactActor(ActorExport.of(this)), cfg.evalEpisodes, EVAL_SEED);
    lastEvalStep = envSteps;
    return lastEval;
  }

  /** The complete state, ready to {@link Checkpoint.Writer#write}. */
  public Checkpoint.Writer checkpoint() {
    Checkpoint.Writer w = Checkpoint.writer(learner).replay(replay).counters(envSteps, episodes);
    if (noise != null) {
      w.noise(noise, noiseRng);
    }
    double[] acts = java.util.Arrays.copyOf(episodeActions, stepper.steps() * actSize);
    return w.tensor("trainer.env_rng", Checkpoint.rngTensor(envRng))
        .tensor("trainer.env_rng_episode_start", Tensor.i64(new int[] {6}, episodeStartRng.clone()))
        .tensor("trainer.warmup_rng", Checkpoint.rngTensor(warmupRng))
        .tensor("trainer.episode_actions", Tensor.f64(new int[] {stepper.steps(), actSize}, acts))
        .tensor(
            "trainer.returns",
            Tensor.f64(new int[] {2}, new double[] {stepper.episodeReturn(), lastEpisodeReturn}))
        .metadata("trainer_config", TrainConfigJson.write(cfg))
        .metadata("trainer_seed", Long.toString(seed));
  }

  private void restore(Checkpoint ckpt) throws SafetensorsFormatException {
    ckpt.restoreReplay(replay);
    warmupRng.restoreState(ckpt.longs("trainer.warmup_rng", 6));
    envSteps = ckpt.envSteps();
    episodes = ckpt.episodes();
    double[] returns = ckpt.tensor("trainer.returns", new int[] {2}).toDoubles();
    lastEpisodeReturn = returns[1];
    Tensor acts = ckpt.file().tensor("trainer.episode_actions");
    int steps = acts.rank() == 2 && acts.dim(1) == actSize ? acts.dim(0) : -1;
    if (steps < 0 || steps >= maxEpisodeSteps) {
      throw new SafetensorsFormatException(
          ckpt.file().source(),
          "trainer.episode_actions is "
              + acts
              + ", expected [k < "
              + maxEpisodeSteps
              + ", "
              + actSize
              + "]");
    }
    // Replay the episode in progress: same reset draw, same actions, same observe calls.
    envRng.restoreState(ckpt.longs("trainer.env_rng_episode_start", 6));
    startEpisode();
    double[] a = acts.toDoubles();
    for (int t = 0; t < steps; t++) {
      System.arraycopy(a, t * actSize, physical, 0, actSize);
      System.arraycopy(physical, 0, episodeActions, t * actSize, actSize);
      stepper.step(physical);
      stepper.observe(rawObs);
    }
    scaling.normalise(rawObs, obs);
    double replayed = stepper.episodeReturn();
    if (Double.doubleToRawLongBits(replayed) != Double.doubleToRawLongBits(returns[0])) {
      throw new SafetensorsFormatException(
          ckpt.file().source(),
          "replaying the episode in progress gave return "
              + replayed
              + " instead of "
              + returns[0]
              + " (plant or its parameters differ from the run that wrote the checkpoint)");
    }
    envRng.restoreState(ckpt.longs("trainer.env_rng", 6));
    if (noise != null) {
      ckpt.restoreNoise(noise, noiseRng); // after the replay: starting the episode reset it
    }
  }

  /** Environment steps taken. */
  public long envSteps() {
    return envSteps;
  }

  /** Episodes finished. */
  public long episodes() {
    return episodes;
  }

  /** Return of the last finished episode (NaN before the first). */
  public double lastEpisodeReturn() {
    return lastEpisodeReturn;
  }

  /** The last evaluation, or null. */
  public EvalResult lastEval() {
    return lastEval;
  }

  /** Step at which {@link #lastEval} ran (−1 before the first). */
  public long lastEvalStep() {
    return lastEvalStep;
  }

  /** The learner. */
  public Learner learner() {
    return learner;
  }

  /** The run's settings. */
  public TrainConfig config() {
    return cfg;
  }

  /** The seed the run started from. */
  public long seed() {
    return seed;
  }

  /** The training plant (not the evaluation one). */
  public SimPlant plant() {
    return plant;
  }

  /** Observation normalisation and action bounds of the run (those the exported actor records). */
  public ActorScaling scaling() {
    return scaling;
  }

  /** The actor as a policy in physical units (double precision). */
  public LearnerPolicy policy() {
    return policy;
  }
}
