package dev.reflex.plant.sim;

import dev.reflex.network.Rng;
import dev.reflex.plant.PlantIO;
import dev.reflex.plant.PlantStatus;

/**
 * The {@code sim} backend: a {@link SimPlant} in lock-step with the control loop. {@link #read}
 * returns the current observation; {@link #write} holds the actuators for one loop period and
 * advances the physics by that period. Sensors are the plant's observation entries, actuators its
 * action entries. Resetting the plant when an episode ends is the caller's business ({@link
 * #reset}, {@link #plant}, {@link #terminated}, {@link #episodeSteps}).
 *
 * <p>Real-time: {@link #read} and {@link #write} are allocation-free and never throw; no locks; no
 * I/O. Threading: control thread only; {@link #writeSafe} may come from the watchdog and only
 * replaces the held action (the next physics step uses it if no {@link #write} comes first). A tick
 * that writes only safe values ({@link #writeSafe}) does not advance the physics itself; the next
 * {@link #read} does, so simulated time keeps passing while the loop holds the safe action.
 */
public final class SimPlantIO implements PlantIO {
  private boolean readSinceWrite;

  private final SimPlant plant;
  private final EpisodeStepper stepper;
  private final long periodNs;
  private long selfResetSteps;
  private boolean selfReset;
  private boolean episodeStartPending;
  private boolean episodeStarted;
  private final Rng selfResetRng = new Rng(0L);
  private final double[] heldAction;
  private double lastReward;

  /**
   * @param plant the simulated plant; owned by this backend from now on
   * @param periodNs the loop period, in nanoseconds: each {@link #write} advances this much
   */
  public SimPlantIO(SimPlant plant, long periodNs) {
    if (periodNs <= 0) {
      throw new IllegalArgumentException("periodNs " + periodNs + " must be > 0");
    }
    this.plant = plant;
    this.periodNs = periodNs;
    this.stepper = new EpisodeStepper(plant, periodNs * 1e-9, 0);
    this.heldAction = new double[plant.actionSize()];
  }

  @Override
  public String[] sensorNames() {
    return plant.observationNames();
  }

  @Override
  public String[] actuatorNames() {
    return plant.actionNames();
  }

  @Override
  public int read(double[] sensorsOut, long nowNs) {
    if (readSinceWrite) {
      // The previous tick wrote nothing but safe values: time still passes, with the held action.
      advance();
    }
    readSinceWrite = true;
    if (selfReset
        && (plant.terminated() || (selfResetSteps > 0 && stepper.steps() >= selfResetSteps))) {
      stepper.reset(selfResetRng);
      java.util.Arrays.fill(heldAction, 0.0);
      episodeStartPending = true;
    }
    episodeStarted = episodeStartPending;
    episodeStartPending = false;
    plant.observe(sensorsOut);
    return PlantStatus.OK;
  }

  @Override
  public int write(double[] actuators, long nowNs) {
    System.arraycopy(actuators, 0, heldAction, 0, heldAction.length);
    advance();
    readSinceWrite = false;
    return PlantStatus.OK;
  }

  /**
   * Steps the plant by {@code seconds} of plant time per tick instead of the loop period: a
   * time-scaled plant (50 ms per 10 ms tick runs the pendulum 5× faster than real time, at the step
   * its actor was trained with).
   */
  public void setStepSeconds(double seconds) {
    stepper.setDtSeconds(seconds);
  }

  /**
   * Lets the plant put itself back, like a test rig: when it terminates, and every {@code steps}
   * steps (0: only on termination), it draws a new initial state from a generator seeded with
   * {@code seed}, and the next {@link #read} reports {@link #episodeStarted}. The first read after
   * this call reports an episode start too.
   */
  public void resetItselfEvery(long steps, long seed) {
    if (steps < 0) {
      throw new IllegalArgumentException("episode length " + steps + " steps must be >= 0");
    }
    selfReset = true;
    selfResetSteps = steps;
    selfResetRng.setSeed(seed);
    episodeStartPending = true;
  }

  /** True when the plant put itself back before the latest {@link #read}. */
  @Override
  public boolean episodeStarted() {
    return episodeStarted;
  }

  /** Advances the physics by one period with the held action (e.g. after {@link #writeSafe}). */
  public void advance() {
    lastReward = stepper.step(heldAction);
  }

  @Override
  public void writeSafe(double[] safeValues) {
    System.arraycopy(safeValues, 0, heldAction, 0, heldAction.length);
  }

  /** Draws a new initial state from {@code seed}, zeroes the held action and the episode sums. */
  public void reset(long seed) {
    readSinceWrite = false;
    stepper.reset(seed);
    java.util.Arrays.fill(heldAction, 0.0);
    lastReward = 0.0;
  }

  /** The simulated plant (parameters, state). */
  public SimPlant plant() {
    return plant;
  }

  /** The loop period, in nanoseconds. */
  public long periodNs() {
    return periodNs;
  }

  /** Reward of the last physics step. */
  public double lastReward() {
    return lastReward;
  }

  /** Sum of the rewards since the last {@link #reset}. */
  public double episodeReturn() {
    return stepper.episodeReturn();
  }

  /** Physics steps since the last {@link #reset}. */
  public int episodeSteps() {
    return stepper.steps();
  }

  /** True when the plant is in a terminal state (the caller resets). */
  public boolean terminated() {
    return plant.terminated();
  }

  /**
   * True when the episode has reached the plant's time limit, measured in loop periods scaled to
   * the plant's nominal step.
   */
  public boolean truncated() {
    return stepper.elapsedSeconds() >= plant.maxEpisodeSteps() * plant.nominalDtSeconds() - 1e-9;
  }

  @Override
  public void close() {}
}
