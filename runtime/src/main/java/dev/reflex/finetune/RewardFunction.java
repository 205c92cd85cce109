package dev.reflex.finetune;

/**
 * The reward on the board, from config, so no code is needed for a new task:
 *
 * <pre>
 *   r = − Σᵢ qᵢ (xᵢ − refᵢ)²                 quadratic cost on signals (observation or action entries)
 *       + Σ bonus_k · [lo_k ≤ x_k ≤ hi_k]      bonus while a signal is inside a band
 *       − Σ penalty_m · [x_m ≤ min_m or ≥ max_m] penalty while a signal sits at a limit
 * </pre>
 *
 * A signal is addressed by index into the concatenation {@code [observation..., action...]}.
 * Setpoints ({@code ref}) can be changed at run time (a remote "set setpoint" command) between
 * ticks.
 *
 * <p>Real-time: {@link #reward} is allocation-free. Threading: one instance serves the learner
 * thread (transitions) and the control thread (telemetry's per-tick reward), so the dashboard shows
 * the reward being learned; {@link #setSetpoint} runs on the learner thread and writes one double
 * per term (the control thread sees the new setpoint within a few ticks; a tick never sees a torn
 * value on a 64-bit JVM).
 */
public final class RewardFunction {
  private final int obsSize;
  private final int[] quadSignal;
  private final double[] quadWeight;
  private final double[] quadRef;
  private final int[] bandSignal;
  private final double[] bandLo;
  private final double[] bandHi;
  private final double[] bandBonus;
  private final int[] limitSignal;
  private final double[] limitMin;
  private final double[] limitMax;
  private final double[] limitPenalty;

  private RewardFunction(Builder b) {
    obsSize = b.obsSize;
    quadSignal = b.quadSignal.stream().mapToInt(Integer::intValue).toArray();
    quadWeight = b.quadWeight.stream().mapToDouble(Double::doubleValue).toArray();
    quadRef = b.quadRef.stream().mapToDouble(Double::doubleValue).toArray();
    bandSignal = b.bandSignal.stream().mapToInt(Integer::intValue).toArray();
    bandLo = b.bandLo.stream().mapToDouble(Double::doubleValue).toArray();
    bandHi = b.bandHi.stream().mapToDouble(Double::doubleValue).toArray();
    bandBonus = b.bandBonus.stream().mapToDouble(Double::doubleValue).toArray();
    limitSignal = b.limitSignal.stream().mapToInt(Integer::intValue).toArray();
    limitMin = b.limitMin.stream().mapToDouble(Double::doubleValue).toArray();
    limitMax = b.limitMax.stream().mapToDouble(Double::doubleValue).toArray();
    limitPenalty = b.limitPenalty.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** A builder over {@code obsSize} observation and {@code actSize} action signals. */
  public static Builder builder(int obsSize, int actSize) {
    return new Builder(obsSize, actSize);
  }

  /**
   * The reward of one transition.
   *
   * @param obs the observation the action was taken in. Not modified.
   * @param action the action applied, physical units. Not modified.
   */
  public double reward(double[] obs, double[] action) {
    double r = 0;
    for (int i = 0; i < quadSignal.length; i++) {
      double e = signal(quadSignal[i], obs, action) - quadRef[i];
      r -= quadWeight[i] * e * e;
    }
    for (int i = 0; i < bandSignal.length; i++) {
      double x = signal(bandSignal[i], obs, action);
      if (x >= bandLo[i] && x <= bandHi[i]) {
        r += bandBonus[i];
      }
    }
    for (int i = 0; i < limitSignal.length; i++) {
      double x = signal(limitSignal[i], obs, action);
      if (x <= limitMin[i] || x >= limitMax[i]) {
        r -= limitPenalty[i];
      }
    }
    return r;
  }

  private double signal(int index, double[] obs, double[] action) {
    return index < obsSize ? obs[index] : action[index - obsSize];
  }

  /**
   * Changes the setpoint of every quadratic term on {@code signalIndex}.
   *
   * @return false when no quadratic term uses that signal
   */
  public boolean setSetpoint(int signalIndex, double value) {
    boolean found = false;
    for (int i = 0; i < quadSignal.length; i++) {
      if (quadSignal[i] == signalIndex) {
        quadRef[i] = value;
        found = true;
      }
    }
    return found;
  }

  /** Builds a {@link RewardFunction}; validates indices and weights as terms are added. */
  public static final class Builder {
    private final int obsSize;
    private final int signals;
    private final java.util.List<Integer> quadSignal = new java.util.ArrayList<>();
    private final java.util.List<Double> quadWeight = new java.util.ArrayList<>();
    private final java.util.List<Double> quadRef = new java.util.ArrayList<>();
    private final java.util.List<Integer> bandSignal = new java.util.ArrayList<>();
    private final java.util.List<Double> bandLo = new java.util.ArrayList<>();
    private final java.util.List<Double> bandHi = new java.util.ArrayList<>();
    private final java.util.List<Double> bandBonus = new java.util.ArrayList<>();
    private final java.util.List<Integer> limitSignal = new java.util.ArrayList<>();
    private final java.util.List<Double> limitMin = new java.util.ArrayList<>();
    private final java.util.List<Double> limitMax = new java.util.ArrayList<>();
    private final java.util.List<Double> limitPenalty = new java.util.ArrayList<>();

    private Builder(int obsSize, int actSize) {
      this.obsSize = obsSize;
      this.signals = obsSize + actSize;
    }

    private void checkIndex(int index) {
      if (index < 0 || index >= signals) {
        throw new IllegalArgumentException(
            "reward signal index " + index + " outside [0, " + signals + ")");
      }
    }

    /** Adds {@code −weight·(x − setpoint)²}. */
    public Builder quadratic(int signal, double weight, double setpoint) {
      checkIndex(signal);
      if (!(weight >= 0)) {
        throw new IllegalArgumentException("reward weight must be >= 0, got " + weight);
      }
      quadSignal.add(signal);
      quadWeight.add(weight);
      quadRef.add(setpoint);
      return this;
    }

    /** Adds {@code +bonus} while {@code lo ≤ x ≤ hi}. */
    public Builder band(int signal, double lo, double hi, double bonus) {
      checkIndex(signal);
      if (!(lo <= hi)) {
        throw new IllegalArgumentException("reward band needs lo <= hi, got " + lo + " > " + hi);
      }
      bandSignal.add(signal);
      bandLo.add(lo);
      bandHi.add(hi);
      bandBonus.add(bonus);
      return this;
    }

    /** Adds {@code −penalty} while {@code x ≤ min} or {@code x ≥ max}. */
    public Builder limit(int signal, double min, double max, double penalty) {
      checkIndex(signal);
      if (!(min < max)) {
        throw new IllegalArgumentException("reward limit needs min < max, got " + min + ", " + max);
      }
      limitSignal.add(signal);
      limitMin.add(min);
      limitMax.add(max);
      limitPenalty.add(penalty);
      return this;
    }

    /** The reward function. */
    public RewardFunction build() {
      return new RewardFunction(this);
    }

    int obsSize() {
      return obsSize;
    }
  }
}
