package dev.reflex.plant.pi4j;

import java.util.concurrent.atomic.AtomicLong;

/**
 * 4x quadrature decoding with a transition table: every edge of A or B is one count, the sign from
 * which channel leads. A jump of both channels at once (00 &lt;-&gt; 11, 01 &lt;-&gt; 10) cannot be
 * given a direction: it is counted as an error, the count is left as it was and the new state is
 * taken.
 *
 * <p>State is {@code (A << 1) | B}. Forward (A leads B) is 00 -&gt; 10 -&gt; 11 -&gt; 01 -&gt; 00.
 *
 * <p>Real-time: allocation-free, lock-free: the count and the last state live in one {@link
 * AtomicLong} updated by compare-and-set, so edges from two listener threads (Pi4J runs one per
 * input) are applied atomically and readers never block. Threading: {@link #update} from any
 * thread; readers from any thread.
 */
public final class QuadratureDecoder {

  private static final int ILLEGAL = 2;

  /**
   * Count change for index {@code (previous << 2) | next}; {@link #ILLEGAL} marks a double jump.
   */
  private static final int[] TRANSITIONS = {
    0,
    -1,
    +1,
    ILLEGAL, // from 00
    +1,
    0,
    ILLEGAL,
    -1, // from 01
    -1,
    ILLEGAL,
    0,
    +1, // from 10
    ILLEGAL,
    +1,
    -1,
    0 // from 11
  };

  /** {@code (count << 2) | state}. */
  private final AtomicLong packed;

  private final AtomicLong errors = new AtomicLong();

  /**
   * @param a initial level of channel A, 0 or 1
   * @param b initial level of channel B, 0 or 1
   */
  public QuadratureDecoder(int a, int b) {
    this.packed = new AtomicLong(((a & 1) << 1) | (b & 1));
  }

  /**
   * Applies the channels' levels after an edge.
   *
   * @param a level of A, 0 or 1
   * @param b level of B, 0 or 1
   */
  public void update(int a, int b) {
    int next = ((a & 1) << 1) | (b & 1);
    while (true) {
      long old = packed.get();
      int previous = (int) (old & 3);
      int delta = TRANSITIONS[(previous << 2) | next];
      long count = old >> 2;
      if (delta == ILLEGAL) {
        delta = 0;
      }
      if (packed.compareAndSet(old, ((count + delta) << 2) | next)) {
        if (TRANSITIONS[(previous << 2) | next] == ILLEGAL) {
          errors.incrementAndGet();
        }
        return;
      }
    }
  }

  /** Signed count since construction (4 per encoder line). */
  public long count() {
    return packed.get() >> 2;
  }

  /** The last state, {@code (A << 1) | B}. */
  public int state() {
    return (int) (packed.get() & 3);
  }

  /** Number of illegal (double) transitions seen: each is a lost count of unknown sign. */
  public long errorCount() {
    return errors.get();
  }
}
