package dev.reflex.plant.sim;

import java.util.random.RandomGenerator;

/**
 * Gymnasium's {@code Pendulum-v1}, exactly: a uniform rod of mass {@code m} and length {@code l} on
 * a frictionless pivot, angle {@code th} from upright, driven by a bounded torque.
 *
 * <pre>
 * u        = clip(u, -max_torque, max_torque)
 * cost     = angle_normalize(th)^2 + 0.1 thdot^2 + 0.001 u^2     (angle_normalize to [-pi, pi))
 * thdot'   = thdot + (3 g / (2 l) sin th + 3 / (m l^2) (u - friction thdot)) dt
 * thdot'   = clip(thdot', -8, 8)
 * th'      = th + thdot' dt
 * reward   = -cost * dt / 0.05
 * </pre>
 *
 * <p>Defaults: g = 10 m/s², m = 1 kg, l = 1 m, friction = 0 N·m·s/rad (Gymnasium has none), max
 * torque 2 N·m, max speed 8 rad/s, nominal dt = 0.05 s, 200 steps per episode, no termination.
 * Reset: th ~ U[-pi, pi), thdot ~ U[-1, 1). Observation {@code [cos th, sin th, thdot]}; action
 * {@code [torque_nm]}. With the default parameters and dt = 0.05 s the transition and reward are
 * Gymnasium's to double precision.
 *
 * <p>Parameters: {@code mass_kg}, {@code length_m}, {@code gravity_m_s2}, {@code friction}
 * (viscous, N·m·s/rad), {@code max_torque_nm}, {@code sensor_noise_std}, {@code
 * actuation_delay_steps}.
 *
 * <p>Real-time: {@link #observe}, {@link #step} and {@link #terminated} are allocation-free.
 * Threading: one thread at a time.
 */
public final class Pendulum extends BaseSimPlant {
  /** Registry name. */
  public static final String NAME = "pendulum";

  /** Gymnasium's control period, in seconds. */
  public static final double NOMINAL_DT_S = 0.05;

  /** Gymnasium's speed limit, in rad/s. */
  public static final double MAX_SPEED_RAD_S = 8.0;

  /** Gymnasium's episode length, in steps. */
  public static final int MAX_EPISODE_STEPS = 200;

  private double massKg;
  private double lengthM;
  private double gravityMS2;
  private double frictionNmSPerRad;
  private double angleRad;
  private double velocityRadS;

  /** A pendulum with Gymnasium's constants, at rest upright until {@link #reset}. */
  public Pendulum() {
    super(
        NAME,
        new String[] {"cos_theta", "sin_theta", "theta_dot_rad_s"},
        new String[] {"torque_nm"},
        new ParameterTable(NAME)
            .add("mass_kg", 1.0, 0.01, 100.0)
            .add("length_m", 1.0, 0.01, 10.0)
            .add("gravity_m_s2", 10.0, 0.0, 100.0)
            .add("friction", 0.0, 0.0, 100.0)
            .add("max_torque_nm", 2.0, 0.01, 1000.0));
    applyParameters(table());
  }

  @Override
  protected void applyParameters(ParameterTable table) {
    massKg = table.get("mass_kg");
    lengthM = table.get("length_m");
    gravityMS2 = table.get("gravity_m_s2");
    frictionNmSPerRad = table.get("friction");
    double maxTorqueNm = table.get("max_torque_nm");
    actionLow[0] = -maxTorqueNm;
    actionHigh[0] = maxTorqueNm;
  }

  @Override
  public double nominalDtSeconds() {
    return NOMINAL_DT_S;
  }

  @Override
  public int maxEpisodeSteps() {
    return MAX_EPISODE_STEPS;
  }

  @Override
  protected void resetState(RandomGenerator rng) {
    angleRad = -Math.PI + 2.0 * Math.PI * rng.nextDouble();
    velocityRadS = -1.0 + 2.0 * rng.nextDouble();
  }

  /** Sets the state directly (tests, demonstrations). */
  public void setState(double angleRad, double velocityRadS) {
    this.angleRad = angleRad;
    this.velocityRadS = velocityRadS;
  }

  /** Angle from upright, not wrapped, in radians. */
  public double angleRad() {
    return angleRad;
  }

  /** Angular velocity, in rad/s. */
  public double velocityRadS() {
    return velocityRadS;
  }

  @Override
  public void observe(double[] obsOut) {
    obsOut[0] = Math.cos(angleRad);
    obsOut[1] = Math.sin(angleRad);
    obsOut[2] = velocityRadS;
    addNoise(obsOut);
  }

  @Override
  public double step(double[] action, double dtSeconds) {
    delayAndClip(action);
    double u = applied[0];
    double th = angleRad;
    double thdot = velocityRadS;
    double wrapped = angleNormalize(th);
    double cost = wrapped * wrapped + 0.1 * thdot * thdot + 0.001 * u * u;
    double newThdot =
        thdot
            + (3.0 * gravityMS2 / (2.0 * lengthM) * Math.sin(th)
                    + 3.0 / (massKg * lengthM * lengthM) * (u - frictionNmSPerRad * thdot))
                * dtSeconds;
    newThdot = Math.min(MAX_SPEED_RAD_S, Math.max(-MAX_SPEED_RAD_S, newThdot));
    angleRad = th + newThdot * dtSeconds;
    velocityRadS = newThdot;
    return -cost * (dtSeconds / NOMINAL_DT_S);
  }

  @Override
  public boolean terminated() {
    return false;
  }

  /** Gymnasium's {@code angle_normalize}: {@code ((x + pi) mod 2 pi) - pi}, into [-pi, pi). */
  public static double angleNormalize(double angleRad) {
    double twoPi = 2.0 * Math.PI;
    double mod = (angleRad + Math.PI) % twoPi; // fmod, as Python's float % before its sign fix
    if (mod < 0.0) {
      mod += twoPi;
    }
    return mod - Math.PI;
  }

  /**
   * Total mechanical energy (rod about its pivot, zero at the pivot's height), in joules: {@code
   * 1/2 (m l^2 / 3) thdot^2 + m g (l / 2) cos th}.
   */
  public double energyJ() {
    return 0.5 * (massKg * lengthM * lengthM / 3.0) * velocityRadS * velocityRadS
        + massKg * gravityMS2 * (lengthM / 2.0) * Math.cos(angleRad);
  }
}
