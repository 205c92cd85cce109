package dev.reflex.plant.sim;

import dev.reflex.network.Rng;
import java.util.random.RandomGenerator;

/**
 * A brushed DC motor position servo driven through an H-bridge by a bounded voltage, tracking a
 * piecewise-constant setpoint. The electrical lag is modelled with the armature inductance.
 *
 * <pre>
 * L di/dt = V - R i - Ke w          (Ke = Kt, SI units)
 * J dw/dt = Kt i - b w - Tc sgn(w)  (Coulomb friction Tc sticks when |Kt i - b w| &lt;= Tc at w = 0)
 *   dth/dt = w
 * </pre>
 *
 * Integrated in equal substeps of at most 0.1 ms: the current exactly (exponential solution for the
 * substep with w held), then w (semi-implicit, with stick-slip for the Coulomb term), then th.
 *
 * <p>Defaults, representative of a small 12 V brushed motor with a light load: R = 2 Ω, L = 0.5 mH
 * (electrical time constant 0.25 ms), Kt = Ke = 0.02 N·m/A, J = 2e-5 kg·m² (mechanical time
 * constant J R / (Kt Ke) = 0.1 s), b = 1e-6 N·m·s/rad, Tc = 1e-3 N·m, ±12 V, an encoder of 2048
 * counts per revolution; no-load speed about 600 rad/s, stall torque 0.12 N·m. Nominal dt = 0.01 s,
 * 1000 steps (10 s) per episode, no termination.
 *
 * <p>Setpoint: drawn U[-pi, pi) at reset and every 2 s after, from a generator seeded at reset.
 * Reset: th ~ U[-pi, pi), w = 0, i = 0. Measured angle = floor(th / q) q with q = 2 pi / counts;
 * measured velocity = change of the measured angle over the last step / its dt. Observation {@code
 * [angle_error_rad (setpoint - measured angle, not wrapped), velocity_rad_s, current_a,
 * setpoint_rad]}, sensor noise on the first three; action {@code [voltage_v]}.
 *
 * <p>Reward: {@code -(e^2 + 0.01 (V / V_max)^2) * dt / 0.01} with e = setpoint - true angle.
 *
 * <p>Parameters: {@code resistance_ohm}, {@code inductance_h}, {@code kt_nm_per_a}, {@code
 * inertia_kg_m2}, {@code viscous_friction} (N·m·s/rad), {@code coulomb_friction_nm}, {@code
 * voltage_limit_v}, {@code encoder_counts_per_rev}, {@code sensor_noise_std}, {@code
 * actuation_delay_steps}.
 *
 * <p>Real-time: {@link #observe}, {@link #step} and {@link #terminated} are allocation-free.
 * Threading: one thread at a time.
 */
public final class DcMotor extends BaseSimPlant {
  /** Registry name. */
  public static final String NAME = "dc-motor";

  /** Control period the plant is defined at, in seconds. */
  public static final double NOMINAL_DT_S = 0.01;

  /** Largest integration substep, in seconds. */
  public static final double MAX_SUBSTEP_S = 1e-4;

  /** Time between setpoint changes, in seconds. */
  public static final double SETPOINT_PERIOD_S = 2.0;

  /** Episode length, in steps. */
  public static final int MAX_EPISODE_STEPS = 1000;

  private static final double CONTROL_COST_WEIGHT = 0.01;

  private final Rng setpointRng = new Rng(0L);

  private double resistanceOhm;
  private double inductanceH;
  private double ktNmPerA;
  private double inertiaKgM2;
  private double viscousNmSPerRad;
  private double coulombNm;
  private double voltageLimitV;
  private double countsPerRev;

  private double angleRad;
  private double velocityRadS;
  private double currentA;
  private double setpointRad;
  private double timeS;
  private double nextSetpointS = SETPOINT_PERIOD_S;
  private double measuredAngleRad;
  private double measuredVelocityRadS;

  /** A motor with the default constants, at rest at angle 0 until {@link #reset}. */
  public DcMotor() {
    super(
        NAME,
        new String[] {"angle_error_rad", "velocity_rad_s", "current_a", "setpoint_rad"},
        new String[] {"voltage_v"},
        new ParameterTable(NAME)
            .add("resistance_ohm", 2.0, 0.01, 1000.0)
            .add("inductance_h", 5e-4, 1e-6, 1.0)
            .add("kt_nm_per_a", 0.02, 1e-4, 10.0)
            .add("inertia_kg_m2", 2e-5, 1e-8, 10.0)
            .add("viscous_friction", 1e-6, 0.0, 10.0)
            .add("coulomb_friction_nm", 1e-3, 0.0, 10.0)
            .add("voltage_limit_v", 12.0, 0.1, 1000.0)
            .addInteger("encoder_counts_per_rev", 2048, 4, 1 << 24));
    applyParameters(table());
  }

  @Override
  protected void applyParameters(ParameterTable table) {
    resistanceOhm = table.get("resistance_ohm");
    inductanceH = table.get("inductance_h");
    ktNmPerA = table.get("kt_nm_per_a");
    inertiaKgM2 = table.get("inertia_kg_m2");
    viscousNmSPerRad = table.get("viscous_friction");
    coulombNm = table.get("coulomb_friction_nm");
    voltageLimitV = table.get("voltage_limit_v");
    countsPerRev = table.get("encoder_counts_per_rev");
    actionLow[0] = -voltageLimitV;
    actionHigh[0] = voltageLimitV;
    measuredAngleRad = quantise(angleRad);
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
    velocityRadS = 0.0;
    currentA = 0.0;
    setpointRng.setSeed(rng.nextLong());
    setpointRad = drawSetpoint();
    timeS = 0.0;
    nextSetpointS = SETPOINT_PERIOD_S;
    measuredAngleRad = quantise(angleRad);
    measuredVelocityRadS = 0.0;
  }

  /** Sets the mechanical and electrical state and the setpoint directly (tests). */
  public void setState(double angleRad, double velocityRadS, double currentA, double setpointRad) {
    this.angleRad = angleRad;
    this.velocityRadS = velocityRadS;
    this.currentA = currentA;
    this.setpointRad = setpointRad;
    this.measuredAngleRad = quantise(angleRad);
    this.measuredVelocityRadS = 0.0;
  }

  /** True shaft angle, in radians. */
  public double angleRad() {
    return angleRad;
  }

  /** True shaft speed, in rad/s. */
  public double velocityRadS() {
    return velocityRadS;
  }

  /** Armature current, in amperes. */
  public double currentA() {
    return currentA;
  }

  /** Current setpoint, in radians. */
  public double setpointRad() {
    return setpointRad;
  }

  /** The encoder's reading of the shaft angle, in radians. */
  public double measuredAngleRad() {
    return measuredAngleRad;
  }

  @Override
  public void observe(double[] obsOut) {
    obsOut[0] = setpointRad - measuredAngleRad;
    obsOut[1] = measuredVelocityRadS;
    obsOut[2] = currentA;
    obsOut[3] = setpointRad;
    addNoise(obsOut, 3);
  }

  @Override
  public double step(double[] action, double dtSeconds) {
    delayAndClip(action);
    double voltageV = applied[0];
    int substeps = Math.max(1, (int) Math.ceil(dtSeconds / MAX_SUBSTEP_S - 1e-9));
    double h = dtSeconds / substeps;
    double decay = Math.exp(-resistanceOhm * h / inductanceH);
    for (int s = 0; s < substeps; s++) {
      double steadyA = (voltageV - ktNmPerA * velocityRadS) / resistanceOhm;
      currentA = steadyA + (currentA - steadyA) * decay;
      velocityRadS = nextVelocity(h);
      angleRad += velocityRadS * h;
    }
    double previousMeasuredRad = measuredAngleRad;
    measuredAngleRad = quantise(angleRad);
    measuredVelocityRadS = (measuredAngleRad - previousMeasuredRad) / dtSeconds;
    timeS += dtSeconds;
    while (timeS >= nextSetpointS - 1e-9) {
      setpointRad = drawSetpoint();
      nextSetpointS += SETPOINT_PERIOD_S;
    }
    double errorRad = setpointRad - angleRad;
    double vScaled = voltageV / voltageLimitV;
    double cost = errorRad * errorRad + CONTROL_COST_WEIGHT * vScaled * vScaled;
    return -cost * (dtSeconds / NOMINAL_DT_S);
  }

  private double nextVelocity(double h) {
    double drivingNm = ktNmPerA * currentA - viscousNmSPerRad * velocityRadS;
    double w = velocityRadS;
    if (w == 0.0) {
      if (Math.abs(drivingNm) <= coulombNm) {
        return 0.0; // sticks
      }
      return h * (drivingNm - Math.copySign(coulombNm, drivingNm)) / inertiaKgM2;
    }
    double next = w + h * (drivingNm - Math.copySign(coulombNm, w)) / inertiaKgM2;
    if (coulombNm > 0.0 && Math.signum(next) != Math.signum(w)) {
      return 0.0; // friction stops the shaft within the substep; it cannot reverse it
    }
    return next;
  }

  @Override
  public boolean terminated() {
    return false;
  }

  private double quantise(double angleRad) {
    double countRad = 2.0 * Math.PI / countsPerRev;
    return Math.floor(angleRad / countRad) * countRad;
  }

  private double drawSetpoint() {
    return -Math.PI + 2.0 * Math.PI * setpointRng.nextDouble();
  }
}
