package dev.reflex.safety;

/**
 * Latched faults: which kinds are active, how often each latched, when they clear and when the loop
 * must stop.
 *
 * <p>Each tick, the conditions seen are reported with {@link #present}; {@link #endTick} then
 * advances the clean-tick counters of latched kinds whose condition was absent and clears those
 * whose rule allows it. A kind latches once per episode (while its condition persists it stays
 * latched and is not counted again). After {@code maxFaults} latch events, or a kind whose rule
 * says so, {@link #stopRequested()} becomes true for good.
 *
 * <p>Real-time: allocation-free; no locks. Threading: mutated by the control thread only; {@link
 * #publishedMask()} and {@link #stopRequested()} may be read from any thread.
 */
public final class FaultLatch {

  private static final FaultKind[] KINDS = FaultKind.all();

  private final int[] clearAfterTicks = new int[KINDS.length];
  private final boolean[] stopOnLatch = new boolean[KINDS.length];
  private final int[] cleanTicks = new int[KINDS.length];
  private final long[] latchCounts = new long[KINDS.length];
  private final int maxFaults;

  private int latchedMask;
  private int presentMask;
  private long totalLatches;
  private FaultKind lastLatched;
  private volatile int publishedMask;
  private volatile boolean stop;
  private volatile FaultKind stopReason;

  /** A latch configured by {@code config}'s rules and fault budget. */
  public FaultLatch(SafetyConfig config) {
    for (FaultKind kind : KINDS) {
      FaultRule rule = config.rules().get(kind);
      clearAfterTicks[kind.ordinal()] = rule.clearAfterTicks();
      stopOnLatch[kind.ordinal()] = rule.stop();
    }
    this.maxFaults = config.maxFaults();
  }

  /**
   * Reports that {@code kind}'s condition holds this tick; latches it if it was not latched.
   *
   * @param kind the fault condition seen
   */
  public void present(FaultKind kind) {
    int bit = kind.bit();
    presentMask |= bit;
    cleanTicks[kind.ordinal()] = 0;
    if ((latchedMask & bit) != 0) {
      return;
    }
    latchedMask |= bit;
    latchCounts[kind.ordinal()]++;
    totalLatches++;
    lastLatched = kind;
    publishedMask = latchedMask;
    if (!stop && (stopOnLatch[kind.ordinal()] || totalLatches >= maxFaults)) {
      stopReason = kind;
      stop = true;
    }
  }

  /** Ends the tick: counts clean ticks for latched kinds not present and auto-clears them. */
  public void endTick() {
    int before = latchedMask;
    int absent = latchedMask & ~presentMask;
    while (absent != 0) {
      int i = Integer.numberOfTrailingZeros(absent);
      absent &= absent - 1;
      if (clearAfterTicks[i] > 0 && ++cleanTicks[i] >= clearAfterTicks[i]) {
        latchedMask &= ~(1 << i);
        cleanTicks[i] = 0;
      }
    }
    presentMask = 0;
    if (latchedMask != before) {
      publishedMask = latchedMask;
    }
  }

  /**
   * Clears every latched fault (the explicit reset, e.g. a "leave safe state" command). A requested
   * stop is not undone.
   */
  public void reset() {
    latchedMask = 0;
    presentMask = 0;
    java.util.Arrays.fill(cleanTicks, 0);
    publishedMask = 0;
  }

  /** True while any fault is latched. */
  public boolean faulted() {
    return latchedMask != 0;
  }

  /** True if {@code kind} is latched. */
  public boolean isLatched(FaultKind kind) {
    return (latchedMask & kind.bit()) != 0;
  }

  /** Bits {@link FaultKind#bit()} of the latched kinds (control thread). */
  public int latchedMask() {
    return latchedMask;
  }

  /** The latched mask as last published for other threads. */
  public int publishedMask() {
    return publishedMask;
  }

  /** How many times {@code kind} latched. */
  public long latchCount(FaultKind kind) {
    return latchCounts[kind.ordinal()];
  }

  /** Latch events of all kinds. */
  public long totalLatches() {
    return totalLatches;
  }

  /** The kind that latched most recently, or null. */
  public FaultKind lastLatched() {
    return lastLatched;
  }

  /** True once a controlled stop is due (never reset). Any thread. */
  public boolean stopRequested() {
    return stop;
  }

  /** The kind whose latch triggered the stop, or null. Any thread. */
  public FaultKind stopReason() {
    return stopReason;
  }
}
