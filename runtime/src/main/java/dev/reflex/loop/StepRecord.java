package dev.reflex.loop;

/**
 * Layout of the step records the control thread hands to the learner through a {@link SpscRing}:
 * {@code [tickIndex, timeNs, flags, observation..., appliedAction...]}, all stored as doubles.
 *
 * <p>{@code timeNs} is the tick's start time relative to the first tick, exact up to 2^53 ns (104
 * days of uptime); {@code flags} are {@link TickFlags} bits (exact as a double). A consumer
 * typically skips records with {@link TickFlags#FAULTED} or {@link TickFlags#SENSOR_FAILED} set.
 */
public final class StepRecord {

  /** Index of the tick counter. */
  public static final int TICK_INDEX = 0;

  /** Index of the tick start time, ns since the first tick. */
  public static final int TIME_NS = 1;

  /** Index of the status flags. */
  public static final int FLAGS = 2;

  /** Index of the first observation entry. */
  public static final int OBSERVATION = 3;

  private final int observationSize;
  private final int actionSize;

  /** The layout for an observation and action of these lengths. */
  public StepRecord(int observationSize, int actionSize) {
    this.observationSize = observationSize;
    this.actionSize = actionSize;
  }

  /** Doubles per record. */
  public int width() {
    return OBSERVATION + observationSize + actionSize;
  }

  /** Length of the observation. */
  public int observationSize() {
    return observationSize;
  }

  /** Length of the action. */
  public int actionSize() {
    return actionSize;
  }

  /** Index of the first applied-action entry. */
  public int actionOffset() {
    return OBSERVATION + observationSize;
  }

  /** The tick counter of a record. */
  public static long tickIndex(double[] record) {
    return (long) record[TICK_INDEX];
  }

  /** The start time of a record's tick, ns since the first tick. */
  public static long timeNs(double[] record) {
    return (long) record[TIME_NS];
  }

  /** The {@link TickFlags} of a record. */
  public static int flags(double[] record) {
    return (int) record[FLAGS];
  }
}
