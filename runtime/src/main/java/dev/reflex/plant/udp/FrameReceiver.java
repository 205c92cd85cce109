package dev.reflex.plant.udp;

import java.io.IOException;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * Drains a non-blocking datagram channel and keeps the newest valid frame of one type and size.
 * Classifies every datagram: corrupt (magic, length, CRC, session id 0), wrong version, wrong shape
 * (type or count), then by the sender's session id and sequence number:
 *
 * <ul>
 *   <li>a session id other than the newest frame's, never seen before: the sender restarted; the
 *       frame is accepted at once, whatever its sequence number (counted in {@code restarts}), and
 *       the previous session is retired;
 *   <li>a retired session's id: a frame of a sender's earlier life still in flight; never used
 *       (counted in {@code staleSession});
 *   <li>within the newest session: duplicate (the newest sequence again), late (older than the
 *       newest: never used) or accepted (newer; skipped sequence numbers count as lost).
 * </ul>
 *
 * <p>The last {@link #RETIRED_SESSIONS} retired ids are remembered; a sender that restarted more
 * often than that while its old frames were still in flight would have the oldest taken for a new
 * restart.
 *
 * <p>Real-time: {@link #poll} is allocation-free and never throws (a socket error is counted; the
 * JDK allocates the exception object in that case only). Threading: one thread.
 */
public final class FrameReceiver {
  /** How many retired session ids are remembered (their frames count as stale). */
  public static final int RETIRED_SESSIONS = 8;

  /** {@link #poll} result: the channel failed with something other than port unreachable. */
  public static final int POLL_FAILED = -1;

  private final DatagramChannel channel;
  private final int expectedType;
  private final int expectedCount;
  private final UdpCounters counters;
  private final FrameCodec codec = new FrameCodec();
  private final FrameHeader header = new FrameHeader();
  private final ByteBuffer rx = ByteBuffer.allocateDirect(FrameCodec.MAX_FRAME_BYTES + 1);
  private final double[] scratch;
  private final double[] newest;
  private final int[] retired = new int[RETIRED_SESSIONS];
  private int retiredCount;
  private int retiredNext;
  private int newestSession;
  private long newestSequence;
  private boolean any;
  private long lastFreshNs;
  private int newestFlags;
  private int flagsSinceTake;
  private long newestTimestampNs;

  /**
   * @param channel non-blocking, connected to the peer
   * @param expectedType {@link FrameCodec#TYPE_SENSORS} or {@link FrameCodec#TYPE_ACTUATORS}
   * @param expectedCount values per frame
   * @param counters updated on every datagram. Modified.
   */
  public FrameReceiver(
      DatagramChannel channel, int expectedType, int expectedCount, UdpCounters counters) {
    this.channel = channel;
    this.expectedType = expectedType;
    this.expectedCount = expectedCount;
    this.counters = counters;
    this.scratch = new double[FrameCodec.MAX_VALUES];
    this.newest = new double[expectedCount];
  }

  /**
   * Reads every pending datagram.
   *
   * @param nowNs receive time stamped on an accepted frame, in nanoseconds
   * @return frames accepted by this call, or {@link #POLL_FAILED}
   */
  public int poll(long nowNs) {
    int accepted = 0;
    while (true) {
      rx.clear();
      try {
        if (channel.read(rx) <= 0) {
          return accepted; // nothing pending (frames are never empty)
        }
      } catch (PortUnreachableException e) {
        counters.ioErrors++; // the peer is not listening yet; our earlier send bounced
        continue;
      } catch (IOException e) {
        counters.ioErrors++;
        return POLL_FAILED;
      }
      rx.flip();
      counters.framesReceived++;
      if (classify(nowNs)) {
        accepted++;
      }
    }
  }

  private boolean classify(long nowNs) {
    int status = codec.decode(rx, header, scratch);
    if (status == FrameCodec.WRONG_VERSION) {
      counters.wrongVersion++;
      return false;
    }
    if (status != FrameCodec.OK) {
      counters.corrupt++;
      return false;
    }
    if (header.type != expectedType || header.count != expectedCount) {
      counters.wrongShape++;
      return false;
    }
    int session = header.sessionId;
    long seq = header.sequence;
    if (any && session != newestSession) {
      if (isRetired(session)) {
        counters.staleSession++;
        return false;
      }
      retire(newestSession);
      counters.restarts++; // a new sender: no gap to count against the old session's sequence
    } else if (any && seq == newestSequence) {
      counters.duplicates++;
      return false;
    } else if (any && seq < newestSequence) {
      counters.late++;
      return false;
    } else if (any) {
      counters.lost += seq - newestSequence - 1;
    }
    any = true;
    newestSession = session;
    newestSequence = seq;
    newestFlags = header.flags;
    flagsSinceTake |= header.flags;
    newestTimestampNs = header.timestampNs;
    lastFreshNs = nowNs;
    System.arraycopy(scratch, 0, newest, 0, expectedCount);
    counters.framesAccepted++;
    return true;
  }

  private boolean isRetired(int session) {
    for (int i = 0; i < retiredCount; i++) {
      if (retired[i] == session) {
        return true;
      }
    }
    return false;
  }

  private void retire(int session) {
    retired[retiredNext] = session;
    retiredNext = (retiredNext + 1) % RETIRED_SESSIONS;
    retiredCount = Math.min(retiredCount + 1, RETIRED_SESSIONS);
  }

  /** True once any frame was accepted. */
  public boolean hasFrame() {
    return any;
  }

  /** True when a frame was accepted within {@code timeoutNs} before {@code nowNs}. */
  public boolean isFresh(long nowNs, long timeoutNs) {
    return any && nowNs - lastFreshNs <= timeoutNs;
  }

  /** Values of the newest accepted frame (zeros before the first). Not to be modified. */
  public double[] newest() {
    return newest;
  }

  /** Copies the newest values into {@code out}. */
  public void copyNewest(double[] out) {
    System.arraycopy(newest, 0, out, 0, expectedCount);
  }

  /** Session id of the newest accepted frame's sender (0 before the first; never 0 after). */
  public int newestSessionId() {
    return any ? newestSession : 0;
  }

  /** Sequence number of the newest accepted frame (-1 before the first). */
  public long newestSequence() {
    return any ? newestSequence : -1;
  }

  /**
   * The flags of every frame accepted since the previous call, or-ed together, and clears them: a
   * flag such as {@link FrameCodec#FLAG_EPISODE_START} is seen even when a newer frame superseded
   * the one that carried it before the reader looked.
   */
  public int takeFlagsSinceLastTake() {
    int f = flagsSinceTake;
    flagsSinceTake = 0;
    return f;
  }

  /** Flags of the newest accepted frame. */
  public int newestFlags() {
    return newestFlags;
  }

  /** Sender's timestamp of the newest accepted frame, in nanoseconds. */
  public long newestTimestampNs() {
    return newestTimestampNs;
  }

  /** Receive time of the newest accepted frame, on the poller's clock, in nanoseconds. */
  public long lastFreshNs() {
    return lastFreshNs;
  }
}
