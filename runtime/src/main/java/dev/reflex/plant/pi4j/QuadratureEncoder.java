package dev.reflex.plant.pi4j;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;

/**
 * An incremental quadrature encoder on two GPIO inputs, decoded 4x in software.
 *
 * <p>Pi4J reports each edge on its listener thread for that input; the listener takes the edge's
 * level for its own channel, reads the other channel's current level and feeds both to a {@link
 * QuadratureDecoder}. If the other channel has also moved before the edge was serviced, the decoder
 * sees a double jump and counts an error: the encoder is turning faster than the edges can be
 * serviced (the edge rate the listener keeps up with is still to be measured on a board).
 *
 * <p>Real-time: {@link #count}, {@link #angleRad} and {@link #errorCount} are allocation-free,
 * lock-free reads. Pi4J allocates one event object per edge on its listener thread. Threading:
 * edges on Pi4J's listener threads; reads from any thread.
 */
public final class QuadratureEncoder implements AutoCloseable {

  private final DigitalInputPin a;
  private final DigitalInputPin b;
  private final QuadratureDecoder decoder;
  private final double radPerCount;

  /**
   * Starts decoding from the channels' current levels; the count starts at 0.
   *
   * @param a channel A (forward = A leads B); opened with debounce 0
   * @param b channel B
   * @param countsPerRev quadrature counts per output revolution: 4 x lines per revolution x gear
   *     ratio
   */
  public QuadratureEncoder(DigitalInputPin a, DigitalInputPin b, double countsPerRev) {
    if (!(countsPerRev > 0)) {
      throw new IllegalArgumentException(
          "countsPerRev " + countsPerRev + " out of range: allowed > 0");
    }
    this.a = a;
    this.b = b;
    this.radPerCount = 2 * Math.PI / countsPerRev;
    this.decoder = new QuadratureDecoder(Math.max(a.level(), 0), Math.max(b.level(), 0));
    a.addListener(new Edge(true));
    b.addListener(new Edge(false));
  }

  /** Signed quadrature counts since start. */
  public long count() {
    return decoder.count();
  }

  /** Angle since start, in radians (not wrapped). */
  public double angleRad() {
    return decoder.count() * radPerCount;
  }

  /** Illegal transitions seen since start. */
  public long errorCount() {
    return decoder.errorCount();
  }

  /** Releases both inputs. */
  @Override
  public void close() {
    a.close();
    b.close();
  }

  private final class Edge implements DigitalStateChangeListener {
    private final boolean channelA;

    Edge(boolean channelA) {
      this.channelA = channelA;
    }

    @Override
    public void onDigitalStateChange(DigitalStateChangeEvent event) {
      int level = event.state() == DigitalState.HIGH ? 1 : 0;
      int other = (channelA ? b : a).level();
      if (other < 0) { // read failed: keep the other channel's last known level
        other = channelA ? decoder.state() & 1 : decoder.state() >> 1;
      }
      if (channelA) {
        decoder.update(level, other);
      } else {
        decoder.update(other, level);
      }
    }
  }
}
