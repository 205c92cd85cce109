package dev.reflex.plant.sim;

import java.util.random.RandomGenerator;

/**
 * Continuous cart-pole swing-up: a force-limited cart on a bounded track carries a uniform pole on
 * a frictionless hinge; the pole starts hanging down and must be swung up and balanced.
 *
 * <p>Dynamics (Barto, Sutton and Anderson 1983 in the form Florian 2007 shows correct when the
 * hinge and cart have no Coulomb friction), angle {@code th} from upright, {@code l} the distance
 * from hinge to the pole's centre of mass (half of {@code pole_length_m}), {@code M = m_c + m_p},
 * viscous cart friction {@code b} applied as an external force:
 *
 * <pre>
 * F'    = F - b xdot
 * temp  = (F' + m_p l thdot^2 sin th) / M
 * thdd  = (g sin th - cos th temp) / (l (4/3 - m_p cos^2 th / M))
 * xdd   = temp - m_p l thdd cos th / M
 * </pre>
 *
 * integrated with classic RK4 in equal substeps of at most 5 ms (4 per nominal 20 ms step).
 *
 * <p>Defaults: m_c = 1 kg, m_p = 0.1 kg, pole length 1 m (l = 0.5 m), g = 9.81 m/s², b = 0 N·s/m,
 * force limit ±10 N, track ±2.4 m, nominal dt = 0.02 s, 500 steps (10 s) per episode.
 *
 * <p>Reward (the DeepMind control suite's smooth cartpole swing-up reward, in [0, 1] per nominal
 * step, on the state after the step): {@code upright * centred * small_control * small_velocity}
 * with {@code upright = (cos th + 1) / 2}, {@code centred = (1 + 0.1^((x/2)^2)) / 2}, {@code
 * small_control = (4 + max(0, 1 - (F/F_max)^2)) / 5}, {@code small_velocity = (1 +
 * 0.1^((thdot/5)^2)) / 2}, scaled by dt / 0.02. Leaving the track ({@code |x| > 2.4 m}) terminates
 * the episode and adds a penalty of -100 (not scaled) to that step.
 *
 * <p>Reset: th = pi + U[-0.05, 0.05) rad, x, xdot, thdot each U[-0.01, 0.01). Observation {@code
 * [x_m, x_dot_m_s, cos_theta, sin_theta, theta_dot_rad_s]}; action {@code [force_n]}.
 *
 * <p>Parameters: {@code cart_mass_kg}, {@code pole_mass_kg}, {@code pole_length_m}, {@code
 * friction} (cart, viscous, N·s/m), {@code max_force_n}, {@code sensor_noise_std}, {@code
 * actuation_delay_steps}.
 *
 * <p>Real-time: {@link #observe}, {@link #step} and {@link #terminated} are allocation-free.
 * Threading: one thread at a time.
 */
public final class CartPoleSwingUp extends BaseSimPlant {
  /** Registry name. */
  public static final String NAME = "cartpole-swingup";

  /** Control period the plant is defined at, in seconds. */
  public static final double NOMINAL_DT_S = 0.02;

  /** Largest integration substep, in seconds. */
  public static final double MAX_SUBSTEP_S = 0.005;

  /** Half-width of the track, in metres. */
  public static final double TRACK_LIMIT_M = 2.4;

  /** Reward added on the step that leaves the track. */
  public static final double OFF_TRACK_PENALTY = -100.0;

  /** Episode length, in steps. */
  public static final int MAX_EPISODE_STEPS = 500;

  private static final double GRAVITY_M_S2 = 9.81;
  private static final double LN_0_1 = Math.log(0.1);

  private double cartMassKg;
  private double poleMassKg;
  private double halfLengthM;
  private double frictionNsPerM;
  private double maxForceN;

  // State: x, xdot, th, thdot.
  private final double[] state = new double[4];
  private final double[] k1 = new double[4];
  private final double[] k2 = new double[4];
  private final double[] k3 = new double[4];
  private final double[] k4 = new double[4];
  private final double[] probe = new double[4];

  /** A cart-pole with the default constants, at rest upright until {@link #reset}. */
  public CartPoleSwingUp() {
    super(
        NAME,
        new String[] {"x_m", "x_dot_m_s", "cos_theta", "sin_theta", "theta_dot_rad_s"},
        new String[] {"force_n"},
        new ParameterTable(NAME)
            .add("cart_mass_kg", 1.0, 0.01, 100.0)
            .add("pole_mass_kg", 0.1, 0.001, 100.0)
            .add("pole_length_m", 1.0, 0.01, 10.0)
            .add("friction", 0.0, 0.0, 100.0)
            .add("max_force_n", 10.0, 0.01, 1000.0));
    applyParameters(table());
  }

  @Override
  protected void applyParameters(ParameterTable table) {
    cartMassKg = table.get("cart_mass_kg");
    poleMassKg = table.get("pole_mass_kg");
    halfLengthM = table.get("pole_length_m") / 2.0;
    frictionNsPerM = table.get("friction");
    maxForceN = table.get("max_force_n");
    actionLow[0] = -maxForceN;
    actionHigh[0] = maxForceN;
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
    state[0] = 0.02 * rng.nextDouble() - 0.01;
    state[1] = 0.02 * rng.nextDouble() - 0.01;
    state[2] = Math.PI + 0.1 * rng.nextDouble() - 0.05;
    state[3] = 0.02 * rng.nextDouble() - 0.01;
  }

  /** Sets the state directly (tests, demonstrations); angle from upright. */
  public void setState(double xM, double xDotMS, double angleRad, double angleDotRadS) {
    state[0] = xM;
    state[1] = xDotMS;
    state[2] = angleRad;
    state[3] = angleDotRadS;
  }

  /** Cart position, in metres. */
  public double positionM() {
    return state[0];
  }

  /** Pole angle from upright, not wrapped, in radians. */
  public double angleRad() {
    return state[2];
  }

  @Override
  public void observe(double[] obsOut) {
    obsOut[0] = state[0];
    obsOut[1] = state[1];
    obsOut[2] = Math.cos(state[2]);
    obsOut[3] = Math.sin(state[2]);
    obsOut[4] = state[3];
    addNoise(obsOut);
  }

  @Override
  public double step(double[] action, double dtSeconds) {
    boolean wasOnTrack = !terminated();
    delayAndClip(action);
    double forceN = applied[0];
    int substeps = Math.max(1, (int) Math.ceil(dtSeconds / MAX_SUBSTEP_S - 1e-9));
    double h = dtSeconds / substeps;
    for (int s = 0; s < substeps; s++) {
      rk4(forceN, h);
    }
    double reward = shapedReward(forceN) * (dtSeconds / NOMINAL_DT_S);
    if (wasOnTrack && terminated()) {
      reward += OFF_TRACK_PENALTY;
    }
    return reward;
  }

  @Override
  public boolean terminated() {
    return Math.abs(state[0]) > TRACK_LIMIT_M;
  }

  private double shapedReward(double forceN) {
    double upright = (Math.cos(state[2]) + 1.0) / 2.0;
    double xScaled = state[0] / 2.0;
    double centred = (1.0 + Math.exp(LN_0_1 * xScaled * xScaled)) / 2.0;
    double uScaled = forceN / maxForceN;
    double smallControl = (4.0 + Math.max(0.0, 1.0 - uScaled * uScaled)) / 5.0;
    double vScaled = state[3] / 5.0;
    double smallVelocity = (1.0 + Math.exp(LN_0_1 * vScaled * vScaled)) / 2.0;
    return upright * centred * smallControl * smallVelocity;
  }

  private void rk4(double forceN, double h) {
    derivative(state, forceN, k1);
    for (int i = 0; i < 4; i++) {
      probe[i] = state[i] + 0.5 * h * k1[i];
    }
    derivative(probe, forceN, k2);
    for (int i = 0; i < 4; i++) {
      probe[i] = state[i] + 0.5 * h * k2[i];
    }
    derivative(probe, forceN, k3);
    for (int i = 0; i < 4; i++) {
      probe[i] = state[i] + h * k3[i];
    }
    derivative(probe, forceN, k4);
    for (int i = 0; i < 4; i++) {
      state[i] += h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
    }
  }

  private void derivative(double[] s, double forceN, double[] out) {
    double xDot = s[1];
    double th = s[2];
    double thDot = s[3];
    double sin = Math.sin(th);
    double cos = Math.cos(th);
    double totalMassKg = cartMassKg + poleMassKg;
    double netForceN = forceN - frictionNsPerM * xDot;
    double temp = (netForceN + poleMassKg * halfLengthM * thDot * thDot * sin) / totalMassKg;
    double thAcc =
        (GRAVITY_M_S2 * sin - cos * temp)
            / (halfLengthM * (4.0 / 3.0 - poleMassKg * cos * cos / totalMassKg));
    double xAcc = temp - poleMassKg * halfLengthM * thAcc * cos / totalMassKg;
    out[0] = xDot;
    out[1] = xAcc;
    out[2] = thDot;
    out[3] = thAcc;
  }

  /**
   * Total mechanical energy, in joules (kinetic of cart and pole, potential of the pole's centre of
   * mass above the hinge): for checks that the frictionless, unforced system conserves it.
   */
  public double energyJ() {
    double xDot = state[1];
    double th = state[2];
    double thDot = state[3];
    double l = halfLengthM;
    // Pole centre-of-mass velocity: (xdot + l thdot cos th, -l thdot sin th).
    double vx = xDot + l * thDot * Math.cos(th);
    double vy = -l * thDot * Math.sin(th);
    double inertiaKgM2 = poleMassKg * l * l / 3.0;
    return 0.5 * cartMassKg * xDot * xDot
        + 0.5 * poleMassKg * (vx * vx + vy * vy)
        + 0.5 * inertiaKgM2 * thDot * thDot
        + poleMassKg * GRAVITY_M_S2 * l * Math.cos(th);
  }
}
