package dev.reflex.telemetry;

/**
 * What the control and learner threads write telemetry into: two preallocated drop-oldest rings of
 * primitive doubles (one per producer thread) and a small bounded event queue. The telemetry thread
 * drains them; a full ring overwrites its oldest samples and the telemetry side counts them.
 *
 * <p>Signal record layout: {@code [tsMs, obs[0..nObs), action[0..nAct), reward]}. Learning record
 * layout: the {@code L_*} field indexes below.
 */
public final class TelemetryFeed {
  /** Learning record field: wall-clock time, epoch ms. */
  public static final int L_TS_MS = 0;

  /** Learning record field: gradient updates done since start. */
  public static final int L_UPDATES = 1;

  /** Learning record field: last critic loss. */
  public static final int L_CRITIC_LOSS = 2;

  /** Learning record field: last actor loss (-mean Q of the actor's actions). */
  public static final int L_ACTOR_LOSS = 3;

  /** Learning record field: mean Q over the last batch. */
  public static final int L_MEAN_Q = 4;

  /** Learning record field: return of the last finished episode. */
  public static final int L_EPISODE_RETURN = 5;

  /** Learning record field: exploration noise scale. */
  public static final int L_EXPLORATION = 6;

  /** Learning record field: replay buffer fill, 0..1. */
  public static final int L_REPLAY_FILL = 7;

  /** Learning record field: version of the actor the control thread runs. */
  public static final int L_ACTOR_VERSION = 8;

  /** Learning record field: rollbacks since start. */
  public static final int L_ROLLBACKS = 9;

  /** Learning record field: mean return of the latest noise-free evaluation (NaN before one). */
  public static final int L_EVAL_RETURN = 10;

  /** Learning record field: evaluations finished, the baseline included. */
  public static final int L_EVALUATIONS = 11;

  /** Learning record field: 1 while the actor is evaluated without noise, else 0. */
  public static final int L_EVALUATING = 12;

  /** Doubles per learning record. */
  public static final int LEARNING_WIDTH = 13;

  private final int observationCount;
  private final int actionCount;
  private final TelemetryRing signalRing;
  private final TelemetryRing learningRing;
  private final BoundedQueue<TelemetryEvent> events;

  /**
   * Creates a feed.
   *
   * @param observationCount doubles per observation
   * @param actionCount doubles per action
   * @param signalCapacity signal records buffered (e.g. 2 s at the loop rate)
   * @param learningCapacity learning records buffered
   * @param eventCapacity events buffered
   */
  public TelemetryFeed(
      int observationCount,
      int actionCount,
      int signalCapacity,
      int learningCapacity,
      int eventCapacity) {
    if (observationCount < 0 || actionCount < 0) {
      throw new IllegalArgumentException(
          "observation/action counts must be >= 0, got " + observationCount + "/" + actionCount);
    }
    this.observationCount = observationCount;
    this.actionCount = actionCount;
    this.signalRing = new TelemetryRing(signalCapacity, 2 + observationCount + actionCount);
    this.learningRing = new TelemetryRing(learningCapacity, LEARNING_WIDTH);
    this.events = new BoundedQueue<>(eventCapacity);
  }

  /** A feed sized for {@code meta}, buffering 2 s of signals at its loop rate. */
  public static TelemetryFeed forMeta(TelemetryMeta meta) {
    int signals = (int) Math.min(1 << 20, Math.max(64, Math.ceil(meta.loopRateHz() * 2)));
    return new TelemetryFeed(meta.observations().size(), meta.actions().size(), signals, 64, 256);
  }

  /**
   * Records one control tick.
   *
   * <p>Real-time: allocation-free; no locks; no I/O; wait-free. Threading: control thread only.
   *
   * @param tsMs wall-clock time of the tick, epoch ms
   * @param obs observation, at least {@code observationCount} values; not modified
   * @param action action applied, at least {@code actionCount} values; not modified
   * @param reward reward of the tick
   */
  public void signals(long tsMs, double[] obs, double[] action, double reward) {
    TelemetryRing ring = signalRing;
    ring.beginWrite();
    ring.set(0, tsMs);
    ring.set(1, obs, observationCount);
    ring.set(1 + observationCount, action, actionCount);
    ring.set(1 + observationCount + actionCount, reward);
    ring.endWrite();
  }

  /**
   * Records the learner's progress (call after each update or every few updates).
   *
   * <p>Real-time: allocation-free; no locks; no I/O; wait-free. Threading: learner thread only.
   *
   * @param tsMs wall-clock time of the report, epoch ms
   * @param updates gradient updates done since start
   * @param criticLoss last critic loss (NaN before the first update)
   * @param actorLoss last actor loss (NaN before the first actor update)
   * @param meanQ mean Q over the last batch
   * @param lastEpisodeReturn return of the last finished episode (NaN before the first)
   * @param explorationScale exploration noise scale
   * @param replayFill replay buffer fill, 0..1
   * @param actorVersion version of the actor the control thread runs
   * @param rollbacks rollbacks since start
   * @param evalReturn mean return of the latest noise-free evaluation (NaN before the first)
   * @param evaluations evaluations finished, the baseline included
   * @param evaluating true while the actor is evaluated without noise
   */
  public void learning(
      long tsMs,
      long updates,
      double criticLoss,
      double actorLoss,
      double meanQ,
      double lastEpisodeReturn,
      double explorationScale,
      double replayFill,
      long actorVersion,
      long rollbacks,
      double evalReturn,
      long evaluations,
      boolean evaluating) {
    TelemetryRing ring = learningRing;
    ring.beginWrite();
    ring.set(L_TS_MS, tsMs);
    ring.set(L_UPDATES, updates);
    ring.set(L_CRITIC_LOSS, criticLoss);
    ring.set(L_ACTOR_LOSS, actorLoss);
    ring.set(L_MEAN_Q, meanQ);
    ring.set(L_EPISODE_RETURN, lastEpisodeReturn);
    ring.set(L_EXPLORATION, explorationScale);
    ring.set(L_REPLAY_FILL, replayFill);
    ring.set(L_ACTOR_VERSION, actorVersion);
    ring.set(L_ROLLBACKS, rollbacks);
    ring.set(L_EVAL_RETURN, evalReturn);
    ring.set(L_EVALUATIONS, evaluations);
    ring.set(L_EVALUATING, evaluating ? 1 : 0);
    ring.endWrite();
  }

  /**
   * Queues an event for the {@code event} topic; never blocks.
   *
   * <p>Allocates (events are rare); lock-free. Threading: any thread.
   *
   * @return false if the event queue was full (the event is dropped and counted)
   */
  public boolean event(TelemetryEvent event) {
    return events.offer(event);
  }

  /** Shorthand for {@link #event(TelemetryEvent)} stamped with the current wall-clock time. */
  public boolean event(TelemetryEvent.Kind kind, String message, double value) {
    return events.offer(new TelemetryEvent(System.currentTimeMillis(), kind, message, value));
  }

  /** Doubles per observation. */
  public int observationCount() {
    return observationCount;
  }

  /** Doubles per action. */
  public int actionCount() {
    return actionCount;
  }

  /** The signal ring (consumer side belongs to the telemetry thread). */
  public TelemetryRing signalRing() {
    return signalRing;
  }

  /** The learning ring (consumer side belongs to the telemetry thread). */
  public TelemetryRing learningRing() {
    return learningRing;
  }

  /** The event queue (polled by the telemetry thread). */
  public BoundedQueue<TelemetryEvent> events() {
    return events;
  }
}
