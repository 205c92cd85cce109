package dev.reflex.plant.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

/** Opens the non-blocking datagram channels both UDP endpoints use. */
public final class UdpChannels {
  private UdpChannels() {}

  /**
   * A non-blocking channel bound to {@code local} and not connected: an unconnected socket gets no
   * ICMP port-unreachable errors while the peer is down (a connected one throws an exception, an
   * allocation, on the next read or write after every bounced datagram), so a link whose peer is
   * absent costs nothing per tick. {@link FrameReceiver} filters datagrams by the peer's address
   * instead of the kernel.
   *
   * @param peer named in the error only
   * @throws IOException naming both addresses when binding fails
   */
  public static DatagramChannel open(InetSocketAddress local, InetSocketAddress peer)
      throws IOException {
    if (peer.isUnresolved()) {
      throw new IOException("UDP peer " + peer + ": the host name does not resolve");
    }
    DatagramChannel channel = DatagramChannel.open();
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
      channel.bind(local);
      channel.configureBlocking(false);
      return channel;
    } catch (IOException e) {
      channel.close();
      throw new IOException("cannot bind UDP " + local + " (peer " + peer + "): " + e, e);
    }
  }
}
