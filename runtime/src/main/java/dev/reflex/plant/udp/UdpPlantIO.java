package dev.reflex.plant.udp;

import dev.reflex.plant.PlantIO;
import dev.reflex.plant.PlantStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code udp} backend: sensor frames in, actuator frames out, over a non-blocking datagram
 * channel bound to a local address and connected to the plant's (see docs/udp-frames.md). {@link
 * #read} drains every pending sensor frame and keeps the newest valid one; late, duplicate, corrupt
 * and wrong-version frames are counted in {@link #counters()} and never used. {@link #read} returns
 * {@link PlantStatus#STALE} when no fresh frame arrived within the stale timeout (or none ever
 * did): the loop's safety turns that into the safe action. The channel is not connected, so an
 * absent plant costs nothing per tick (no ICMP error, no exception); {@link #linkChange} says which
 * address frames are awaited from, and when they appear.
 *
 * <p>Real-time: {@link #read} and {@link #write} are allocation-free and never throw, with the
 * plant present or absent (the JDK allocates an exception object only when a socket error occurs,
 * which is counted, and an address for a datagram from a new foreign sender); no locks of ours (the
 * channel has its own). Threading: control thread, except {@link #writeSafe}, which has its own
 * buffer and codec and may come from the watchdog; sequence numbers stay unique. One session id
 * ({@link SessionIds#draw()}) per instance, drawn at construction: a restarted runtime is a new
 * session to the plant, which accepts its first frame at once.
 */
public final class UdpPlantIO implements PlantIO {
  private boolean episodeStarted;
  private final String[] sensorNames;
  private final String[] actuatorNames;
  private final long staleTimeoutNs;
  private final DatagramChannel channel;
  private final InetSocketAddress local;
  private final InetSocketAddress peer;
  private final UdpCounters counters = new UdpCounters();
  private final FrameReceiver receiver;
  private final FrameCodec txCodec;
  private final FrameCodec safeCodec;
  private final ByteBuffer tx;
  private final ByteBuffer safeTx;
  private final AtomicLong nextSequence = new AtomicLong();
  private final int sessionId = SessionIds.draw();
  private volatile long lastWriteNs;
  private volatile boolean receiving;
  private boolean reportedReceiving;
  private boolean reportedOnce;

  /**
   * Binds the channel.
   *
   * @param sensorNames names of the sensor values, in frame order. Not copied.
   * @param actuatorNames names of the actuator values, in frame order. Not copied.
   * @param local address to bind (port 0 for any free port)
   * @param peer the plant's address, where actuator frames go and sensor frames come from
   * @param staleTimeoutNs sensor values older than this read as {@link PlantStatus#STALE}
   * @throws IOException naming the addresses when the socket cannot be bound
   */
  public UdpPlantIO(
      String[] sensorNames,
      String[] actuatorNames,
      InetSocketAddress local,
      InetSocketAddress peer,
      long staleTimeoutNs)
      throws IOException {
    this(sensorNames, actuatorNames, local, peer, staleTimeoutNs, null);
  }

  /**
   * As {@link #UdpPlantIO(String[], String[], InetSocketAddress, InetSocketAddress, long)} in the
   * authenticated mode when {@code auth} is not null: every frame sent carries a tag and only
   * frames with a valid tag are used (docs/udp-frames.md, "Authenticated frames").
   *
   * @param auth the shared key's tagger (copied for each thread), or null
   */
  public UdpPlantIO(
      String[] sensorNames,
      String[] actuatorNames,
      InetSocketAddress local,
      InetSocketAddress peer,
      long staleTimeoutNs,
      FrameAuth auth)
      throws IOException {
    if (staleTimeoutNs <= 0) {
      throw new IllegalArgumentException("staleTimeoutNs " + staleTimeoutNs + " must be > 0");
    }
    if (sensorNames.length > FrameCodec.MAX_VALUES
        || actuatorNames.length > FrameCodec.MAX_VALUES) {
      throw new IllegalArgumentException("at most " + FrameCodec.MAX_VALUES + " values a frame");
    }
    this.sensorNames = sensorNames;
    this.actuatorNames = actuatorNames;
    this.staleTimeoutNs = staleTimeoutNs;
    this.channel = UdpChannels.open(local, peer);
    this.peer = peer;
    this.local = (InetSocketAddress) channel.getLocalAddress();
    this.receiver =
        new FrameReceiver(
            channel,
            peer,
            FrameCodec.TYPE_SENSORS,
            sensorNames.length,
            counters,
            auth == null ? null : auth.copy());
    this.txCodec = new FrameCodec(auth == null ? null : auth.copy());
    this.safeCodec = new FrameCodec(auth == null ? null : auth.copy());
    this.tx = ByteBuffer.allocateDirect(txCodec.frameBytesInMode(actuatorNames.length));
    this.safeTx = ByteBuffer.allocateDirect(safeCodec.frameBytesInMode(actuatorNames.length));
  }

  @Override
  public String[] sensorNames() {
    return sensorNames;
  }

  @Override
  public String[] actuatorNames() {
    return actuatorNames;
  }

  @Override
  public int read(double[] sensorsOut, long nowNs) {
    if (receiver.poll(nowNs) == FrameReceiver.POLL_FAILED) {
      return PlantStatus.FAILED;
    }
    receiver.copyNewest(sensorsOut);
    episodeStarted = (receiver.takeFlagsSinceLastTake() & FrameCodec.FLAG_EPISODE_START) != 0;
    if (!receiver.isFresh(nowNs, staleTimeoutNs)) {
      counters.staleReads++;
      receiving = false;
      return PlantStatus.STALE;
    }
    receiving = true;
    return PlantStatus.OK;
  }

  /** True when a sensor frame flagged as an episode start arrived since the previous read. */
  @Override
  public boolean episodeStarted() {
    return episodeStarted;
  }

  @Override
  public int write(double[] actuators, long nowNs) {
    lastWriteNs = nowNs;
    return send(txCodec, tx, actuators, nowNs);
  }

  @Override
  public void writeSafe(double[] safeValues) {
    send(safeCodec, safeTx, safeValues, lastWriteNs);
  }

  private int send(FrameCodec codec, ByteBuffer buf, double[] values, long nowNs) {
    long sequence = nextSequence.getAndIncrement();
    int n = actuatorNames.length;
    if (codec.encode(FrameCodec.TYPE_ACTUATORS, 0, sessionId, sequence, nowNs, values, n, buf)
        != FrameCodec.OK) {
      return PlantStatus.FAILED;
    }
    try {
      channel.send(buf, peer); // unconnected: an absent peer bounces nothing back to us
      counters.framesSent++;
      return PlantStatus.OK;
    } catch (IOException e) {
      counters.ioErrors++;
      return PlantStatus.FAILED;
    }
  }

  /**
   * One line when the link changed since the previous call, else null: at the first call, which
   * address sensor frames are awaited from (and on which local address), then again each time fresh
   * frames appear or stop. For the supervising thread (allocates only on a change).
   */
  @Override
  public String linkChange() {
    boolean now = receiving;
    if (reportedOnce && now == reportedReceiving) {
      return null;
    }
    reportedOnce = true;
    reportedReceiving = now;
    String mode = txCodec.authenticated() ? "authenticated" : "unauthenticated";
    return now
        ? "udp: sensor frames arriving from " + format(peer) + " (" + mode + ")"
        : "udp: waiting for sensor frames from "
            + format(peer)
            + " on "
            + format(local)
            + " ("
            + mode
            + "; safe action until they arrive)";
  }

  private static String format(InetSocketAddress a) {
    String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  /** The counters (live; see {@link UdpCounters} for reading from another thread). */
  public UdpCounters counters() {
    return counters;
  }

  /** Flags of the newest sensor frame ({@link FrameCodec#FLAG_EPISODE_START}...). */
  public int newestFlags() {
    return receiver.newestFlags();
  }

  /** This endpoint's session id, in every actuator frame it sends (random, non-zero). */
  public int sessionId() {
    return sessionId;
  }

  /** The plant's session id in the newest sensor frame used (0 before the first). */
  public int newestSessionId() {
    return receiver.newestSessionId();
  }

  /** Sequence number of the newest sensor frame used (-1 before the first). */
  public long newestSequence() {
    return receiver.newestSequence();
  }

  /** The plant's timestamp of the newest sensor frame, in nanoseconds (the plant's clock). */
  public long newestTimestampNs() {
    return receiver.newestTimestampNs();
  }

  /** The bound local address (the real port when bound to port 0). */
  public InetSocketAddress localAddress() {
    return local;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing a datagram channel does not fail in practice; nothing to release further.
    }
  }
}
