package dev.reflex.plant.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * Drains a non-blocking datagram channel and keeps the newest valid frame of one type and size.
 * Every datagram pending at a {@link #poll} is read and counted, up to {@link #MAX_DRAIN_PER_POLL}
 * a call (a flood cannot hold the control thread; the rest waits for the next call and is counted
 * in {@code drainCapped}): empty ones ({@code empty}), ones from any address but the peer's ({@code
 * foreign}), then by content: corrupt (magic, length, CRC, session id 0), wrong authentication
 * ({@code badAuth}: no tag or a wrong one where a key is configured), wrong version, wrong shape
 * (type or count), then by the sender's session id and sequence number:
 *
 * <ul>
 *   <li>within the newest session: duplicate (the newest sequence again), late (older than the
 *       newest: never used) or accepted (newer; skipped sequence numbers count as lost);
 *   <li>a retired session's id: a frame of a sender's earlier life still in flight; never used
 *       (counted in {@code staleSession});
 *   <li>a session id never seen: a candidate restart. A switch requires what a real restart shows:
 *       the candidate's first frame has a sequence number below {@link #RESTART_MAX_FIRST_SEQUENCE}
 *       (a restarted sender counts from 0), and {@link #RESTART_CONFIRM_FRAMES} frames of it arrive
 *       in increasing order with no frame of the current session in between (a restarted sender's
 *       old life has stopped). Until then the candidate's frames are not used ({@code
 *       restartPending}); a current-session frame in between drops the candidate ({@code
 *       sessionConflicts}): two live senders claim to be the peer, and the established one is kept.
 *       The switch is counted in {@code restarts}, and the previous session is retired.
 * </ul>
 *
 * <p>Freshness is judged from arrival: a frame read by a call arrived after the previous call that
 * emptied the socket, so it is stamped with that call's time (never with the time it was read,
 * which would make frames queued behind others look fresh). The first call's frames are stamped
 * {@link Long#MIN_VALUE} (they may have waited since the socket was bound).
 *
 * <p>The channel is not connected: an unreachable peer then raises no ICMP error on later reads and
 * writes (a connected socket throws {@code PortUnreachableException} every tick while the peer is
 * down), and the peer's address is compared with each sender's (the JDK reuses the sender's address
 * object when it repeats, so this allocates nothing).
 *
 * <p>The last {@link #RETIRED_SESSIONS} retired ids are remembered; a sender that restarted more
 * often than that while its old frames were still in flight would have the oldest taken for a new
 * restart.
 *
 * <p>Real-time: {@link #poll} is allocation-free and never throws (a socket error is counted; the
 * JDK allocates the exception object in that case only, and a datagram from a new foreign address
 * allocates that address). Threading: one thread.
 */
public final class FrameReceiver {
  /** How many retired session ids are remembered (their frames count as stale). */
  public static final int RETIRED_SESSIONS = 8;

  /** Most datagrams one {@link #poll} reads. */
  public static final int MAX_DRAIN_PER_POLL = 4096;

  /** A new session's first frame must have a sequence number below this to start a switch. */
  public static final long RESTART_MAX_FIRST_SEQUENCE = 64;

  /** Frames a new session sends, with the current one silent, before the receiver switches. */
  public static final int RESTART_CONFIRM_FRAMES = 3;

  /** {@link #poll} result: the channel failed. */
  public static final int POLL_FAILED = -1;

  private final DatagramChannel channel;
  private final InetSocketAddress peer;
  private final int expectedType;
  private final int expectedCount;
  private final UdpCounters counters;
  private final FrameCodec codec;
  private final FrameHeader header = new FrameHeader();
  private final ByteBuffer rx = ByteBuffer.allocateDirect(FrameCodec.MAX_FRAME_BYTES + 1);
  private final double[] scratch;
  private final double[] newest;
  private final int[] retired = new int[RETIRED_SESSIONS];
  private int retiredCount;
  private int retiredNext;
  private int newestSession;
  private long newestSequence;
  private int candidateSession;
  private long candidateSequence;
  private int candidateFrames;
  private boolean any;
  private boolean polled;
  private long drainedAtNs;
  private int drainLimit = MAX_DRAIN_PER_POLL;
  private long lastFreshNs;
  private int newestFlags;
  private int flagsSinceTake;
  private long newestTimestampNs;

  /**
   * An unauthenticated receiver.
   *
   * @param channel non-blocking, bound, not connected ({@link UdpChannels#open})
   * @param peer the only address whose datagrams are used
   * @param expectedType {@link FrameCodec#TYPE_SENSORS} or {@link FrameCodec#TYPE_ACTUATORS}
   * @param expectedCount values per frame
   * @param counters updated on every datagram. Modified.
   */
  public FrameReceiver(
      DatagramChannel channel,
      InetSocketAddress peer,
      int expectedType,
      int expectedCount,
      UdpCounters counters) {
    this(channel, peer, expectedType, expectedCount, counters, null);
  }

  /**
   * @param auth the shared key's tagger (owned by this receiver from now on), or null for the
   *     unauthenticated mode
   */
  public FrameReceiver(
      DatagramChannel channel,
      InetSocketAddress peer,
      int expectedType,
      int expectedCount,
      UdpCounters counters,
      FrameAuth auth) {
    this.channel = channel;
    this.peer = peer;
    this.expectedType = expectedType;
    this.expectedCount = expectedCount;
    this.counters = counters;
    this.codec = new FrameCodec(auth);
    this.scratch = new double[FrameCodec.MAX_VALUES];
    this.newest = new double[expectedCount];
  }

  /**
   * Reads every pending datagram (at most {@link #MAX_DRAIN_PER_POLL}).
   *
   * @param nowNs the poller's clock, in nanoseconds
   * @return frames accepted by this call, or {@link #POLL_FAILED}
   */
  public int poll(long nowNs) {
    long arrivedAfterNs = polled ? drainedAtNs : nowNs;
    polled = true;
    int accepted = 0;
    for (int read = 0; read < drainLimit; read++) {
      rx.clear();
      SocketAddress from;
      try {
        from = channel.receive(rx);
      } catch (PortUnreachableException e) {
        counters.ioErrors++; // not expected on an unconnected socket; counted, drain goes on
        continue;
      } catch (IOException e) {
        counters.ioErrors++;
        return POLL_FAILED;
      }
      if (from == null) {
        drainedAtNs = nowNs; // the socket is empty: what comes next arrived after now
        return accepted;
      }
      counters.datagrams++;
      if (!peer.equals(from)) {
        counters.foreign++;
        continue;
      }
      rx.flip();
      if (!rx.hasRemaining()) {
        counters.empty++;
        continue;
      }
      counters.framesReceived++;
      if (classify(arrivedAfterNs)) {
        accepted++;
      }
    }
    counters.drainCapped++;
    return accepted;
  }

  private boolean classify(long arrivedNs) {
    int status = codec.decode(rx, header, scratch);
    if (status == FrameCodec.WRONG_VERSION) {
      counters.wrongVersion++;
      return false;
    }
    if (status == FrameCodec.BAD_AUTH) {
      counters.badAuth++;
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
      if (!confirmsRestart(session, seq)) {
        counters.restartPending++;
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
      if (candidateFrames > 0) {
        counters.sessionConflicts++; // the current sender is alive: the candidate was no restart
        candidateFrames = 0;
      }
    }
    any = true;
    candidateFrames = 0;
    newestSession = session;
    newestSequence = seq;
    newestFlags = header.flags;
    flagsSinceTake |= header.flags;
    newestTimestampNs = header.timestampNs;
    lastFreshNs = arrivedNs;
    System.arraycopy(scratch, 0, newest, 0, expectedCount);
    counters.framesAccepted++;
    return true;
  }

  /** Tracks a candidate session; true on the frame that completes its confirmation. */
  private boolean confirmsRestart(int session, long seq) {
    if (candidateFrames > 0 && session == candidateSession) {
      if (seq <= candidateSequence) {
        return false; // late or duplicate within the candidate: neither confirms nor cancels
      }
      candidateSequence = seq;
      return ++candidateFrames >= RESTART_CONFIRM_FRAMES;
    }
    if (seq >= RESTART_MAX_FIRST_SEQUENCE) {
      candidateFrames = 0; // not what a restarted sender sends first
      return false;
    }
    candidateSession = session;
    candidateSequence = seq;
    candidateFrames = 1;
    return RESTART_CONFIRM_FRAMES <= 1;
  }

  /** Lowers the drain limit (tests: a socket buffer holds fewer than 4,096 small datagrams). */
  void drainLimit(int datagrams) {
    this.drainLimit = datagrams;
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

  /** True when the newest accepted frame arrived within {@code timeoutNs} before {@code nowNs}. */
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

  /**
   * Arrival bound of the newest accepted frame, on the poller's clock, in nanoseconds: the time of
   * the last call before it that emptied the socket (it arrived after that).
   */
  public long lastFreshNs() {
    return lastFreshNs;
  }
}
