package dev.reflex.telemetry;

/**
 * A snapshot of the control loop's timing over the last reporting interval, filled by a {@link
 * LoopStatsSource} and published on {@code telemetry/loop}. A mutable holder so that the telemetry
 * thread reuses one instance.
 *
 * <p>Threading: owned by the telemetry thread; the source fills it during {@link
 * LoopStatsSource#snapshot}.
 */
public final class LoopTimingReport {
  /** Ticks run since start. */
  public long tickCount;

  /** Ticks that started after their deadline since start. */
  public long deadlineMisses;

  /** Start lateness (actual start minus deadline) percentiles over the interval, microseconds. */
  public double latenessP50Us;

  /** 99th percentile of start lateness over the interval, microseconds. */
  public double latenessP99Us;

  /** 99.9th percentile of start lateness over the interval, microseconds. */
  public double latenessP999Us;

  /** Largest start lateness over the interval, microseconds. */
  public double latenessMaxUs;

  /** 99th percentile compute time of the sensor-read phase over the interval, microseconds. */
  public double readP99Us;

  /** 99th percentile compute time of the actor forward pass over the interval, microseconds. */
  public double inferP99Us;

  /** 99th percentile compute time of the safety filter over the interval, microseconds. */
  public double safetyP99Us;

  /** 99th percentile compute time of the actuator-write phase over the interval, microseconds. */
  public double writeP99Us;

  /** Bytes allocated by the control thread since start (should stay flat after warm-up). */
  public long controlAllocatedBytes;

  /** Records dropped by the loop's own rings (e.g. transitions to the learner) since start. */
  public long ringDrops;

  /** Resets every field to zero. */
  public void clear() {
    tickCount = 0;
    deadlineMisses = 0;
    latenessP50Us = 0;
    latenessP99Us = 0;
    latenessP999Us = 0;
    latenessMaxUs = 0;
    readP99Us = 0;
    inferP99Us = 0;
    safetyP99Us = 0;
    writeP99Us = 0;
    controlAllocatedBytes = 0;
    ringDrops = 0;
  }
}
