package dev.reflex.plant.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

/** Opens the non-blocking, connected datagram channels both UDP endpoints use. */
final class UdpChannels {
  private UdpChannels() {}

  /**
   * A channel bound to {@code local} and connected to {@code peer} (so that only the peer's
   * datagrams are received and reads and writes need no address objects).
   *
   * @throws IOException naming both addresses when binding or connecting fails
   */
  static DatagramChannel open(InetSocketAddress local, InetSocketAddress peer) throws IOException {
    DatagramChannel channel = DatagramChannel.open();
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
      channel.bind(local);
      channel.connect(peer);
      channel.configureBlocking(false);
      return channel;
    } catch (IOException e) {
      channel.close();
      throw new IOException("cannot bind UDP " + local + " to peer " + peer + ": " + e, e);
    }
  }
}
