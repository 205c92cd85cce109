package dev.reflex.loop;

import java.util.List;

/**
 * Builds the policy's observation from the sensor channels (and remote setpoints), entry by entry,
 * as described by a list of {@link ObservationEntry}.
 *
 * <p>Rates: the finite difference uses the time the loop says elapsed since the previous tick (a
 * whole number of periods, so scheduling jitter does not enter the derivative). The first sample
 * after construction, a {@link #resetRates()} or a non-finite value gives a rate of 0.
 *
 * <p>Real-time: allocation-free; no locks; no I/O. Threading: control thread only.
 */
public final class ObservationBuilder {

  private final boolean[] fromSetpoint;
  private final int[] index;
  private final ObservationTransform[] transform;
  private final double[] scale;
  private final double[] offset;
  private final double[] rateTimeConstantS;
  private final double[] previousValue;
  private final double[] filteredRate;
  private final boolean[] rateValid;

  /**
   * @param entries one per observation entry, in order. Not modified.
   * @param sensorCount number of sensor channels the plant reads
   * @param setpointCount number of setpoints
   * @throws IllegalArgumentException naming the entry whose index is out of range
   */
  public ObservationBuilder(List<ObservationEntry> entries, int sensorCount, int setpointCount) {
    int n = entries.size();
    if (n == 0) {
      throw new IllegalArgumentException("observation needs at least one entry");
    }
    fromSetpoint = new boolean[n];
    index = new int[n];
    transform = new ObservationTransform[n];
    scale = new double[n];
    offset = new double[n];
    rateTimeConstantS = new double[n];
    previousValue = new double[n];
    filteredRate = new double[n];
    rateValid = new boolean[n];
    for (int i = 0; i < n; i++) {
      ObservationEntry e = entries.get(i);
      int limit = e.fromSetpoint() ? setpointCount : sensorCount;
      if (e.index() >= limit) {
        throw new IllegalArgumentException(
            "observation entry "
                + i
                + ": "
                + (e.fromSetpoint() ? "setpoint" : "sensor")
                + " index "
                + e.index()
                + " out of range [0, "
                + limit
                + ")");
      }
      fromSetpoint[i] = e.fromSetpoint();
      index[i] = e.index();
      transform[i] = e.transform();
      scale[i] = e.scale();
      offset[i] = e.offset();
      rateTimeConstantS[i] = e.rateCutoffHz() > 0 ? 1.0 / (2 * Math.PI * e.rateCutoffHz()) : 0;
    }
  }

  /** Length of the observation. */
  public int size() {
    return index.length;
  }

  /**
   * Computes the observation.
   *
   * @param sensors one value per sensor channel. Not modified.
   * @param setpoints the current setpoints. Not modified.
   * @param dtS time since the previous tick in seconds (> 0)
   * @param observationOut length {@link #size()}. Modified.
   */
  public void build(double[] sensors, double[] setpoints, double dtS, double[] observationOut) {
    for (int i = 0; i < index.length; i++) {
      double raw = fromSetpoint[i] ? setpoints[index[i]] : sensors[index[i]];
      double value = scale[i] * raw + offset[i];
      observationOut[i] =
          switch (transform[i]) {
            case IDENTITY -> value;
            case COS -> Math.cos(value);
            case SIN -> Math.sin(value);
            case RATE -> rate(i, value, dtS);
          };
    }
  }

  /** Forgets the rate history (after a failed read): the next rates start from 0. */
  public void resetRates() {
    java.util.Arrays.fill(rateValid, false);
  }

  private double rate(int i, double value, double dtS) {
    if (!Double.isFinite(value)) {
      rateValid[i] = false;
      return value;
    }
    if (!rateValid[i]) {
      rateValid[i] = true;
      previousValue[i] = value;
      filteredRate[i] = 0;
      return 0;
    }
    double raw = (value - previousValue[i]) / dtS;
    previousValue[i] = value;
    double alpha = dtS / (rateTimeConstantS[i] + dtS);
    filteredRate[i] += alpha * (raw - filteredRate[i]);
    return filteredRate[i];
  }
}
