package dev.reflex.plant.udp;

import dev.reflex.plant.PlantIO;
import dev.reflex.plant.PlantStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code udp} backend: sensor frames in, actuator frames out, over a non-blocking datagram
 * channel bound to a local address and connected to the plant's (see docs/udp-frames.md). {@link
 * #read} drains every pending sensor frame and keeps the newest valid one; late, duplicate, corrupt
 * and wrong-version frames are counted in {@link #counters()} and never used. {@link #read} returns
 * {@link PlantStatus#STALE} when no fresh frame arrived within the stale timeout (or none ever
 * did): the loop's safety turns that into the safe action.
 *
 * <p>Real-time: {@link #read} and {@link #write} are allocation-free and never throw (the JDK
 * allocates an exception object only when a socket error occurs, which is counted); no locks of
 * ours (the channel has its own). Threading: control thread, except {@link #writeSafe}, which has
 * its own buffer and codec and may come from the watchdog; sequence numbers stay unique. One
 * session id ({@link SessionIds#draw()}) per instance, drawn at construction: a restarted runtime
 * is a new session to the plant, which accepts its first frame at once.
 */
public final class UdpPlantIO implements PlantIO {
  private boolean episodeStarted;
  private final String[] sensorNames;
  private final String[] actuatorNames;
  private final long staleTimeoutNs;
  private final DatagramChannel channel;
  private final UdpCounters counters = new UdpCounters();
  private final FrameReceiver receiver;
  private final FrameCodec txCodec = new FrameCodec();
  private final FrameCodec safeCodec = new FrameCodec();
  private final ByteBuffer tx;
  private final ByteBuffer safeTx;
  private final AtomicLong nextSequence = new AtomicLong();
  private final int sessionId = SessionIds.draw();
  private volatile long lastWriteNs;

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
    this.receiver =
        new FrameReceiver(channel, FrameCodec.TYPE_SENSORS, sensorNames.length, counters);
    this.tx = ByteBuffer.allocateDirect(FrameCodec.frameBytes(actuatorNames.length));
    this.safeTx = ByteBuffer.allocateDirect(FrameCodec.frameBytes(actuatorNames.length));
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
      return PlantStatus.STALE;
    }
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
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        channel.write(buf);
        counters.framesSent++;
        return PlantStatus.OK;
      } catch (PortUnreachableException e) {
        counters.ioErrors++; // an earlier datagram bounced; the error is consumed, retry once
        buf.position(0);
      } catch (IOException e) {
        counters.ioErrors++;
        return PlantStatus.FAILED;
      }
    }
    return PlantStatus.FAILED;
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
    try {
      return (InetSocketAddress) channel.getLocalAddress();
    } catch (IOException e) {
      throw new IllegalStateException("UDP channel closed", e);
    }
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
