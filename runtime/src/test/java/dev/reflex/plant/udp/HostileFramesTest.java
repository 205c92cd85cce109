package dev.reflex.plant.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fixed-seed fuzz of the UDP link (issue 20): random datagrams, empty ones, and valid frames with
 * flipped bits, from the peer's address, in both modes. Every datagram is counted in exactly one
 * class, only frames the test sent intact are used, and in the authenticated mode nothing without
 * the key is ever used.
 */
class HostileFramesTest {
  private DatagramChannel rx;
  private DatagramChannel tx;
  private InetSocketAddress rxAddress;
  private final UdpCounters c = new UdpCounters();
  private final ByteBuffer buf = ByteBuffer.allocateDirect(FrameCodec.MAX_FRAME_BYTES);

  @BeforeEach
  void open() throws IOException {
    rxAddress = UdpTestPorts.freeLoopback();
    InetSocketAddress b = UdpTestPorts.freeLoopback();
    rx = UdpChannels.open(rxAddress, b);
    tx = UdpChannels.open(b, rxAddress);
  }

  @AfterEach
  void close() throws IOException {
    rx.close();
    tx.close();
  }

  private void fuzz(FrameReceiver receiver, FrameCodec senderCodec, FrameCodec forger, long seed)
      throws IOException {
    SplittableRandom rng = new SplittableRandom(seed);
    int session = 0x5e55_1011;
    long seq = 0;
    double[] values = new double[3];
    int sent = 0;
    int intact = 0;
    for (int i = 0; i < 3_000; i++) {
      int kind = rng.nextInt(5);
      buf.clear();
      switch (kind) {
        case 0 -> buf.limit(0); // empty
        case 1 -> { // random bytes
          int n = rng.nextInt(120);
          for (int k = 0; k < n; k++) {
            buf.put((byte) rng.nextInt(256));
          }
          buf.flip();
        }
        case 2 -> { // a valid frame with one flipped bit
          values[0] = seq;
          senderCodec.encode(FrameCodec.TYPE_SENSORS, 0, session, seq++, 0, values, 3, buf);
          int at = rng.nextInt(buf.limit());
          buf.put(at, (byte) (buf.get(at) ^ (1 << rng.nextInt(8))));
        }
        case 3 -> { // a forged frame: another session, counting from 0, without the key
          values[0] = -1;
          forger.encode(
              FrameCodec.TYPE_SENSORS,
              0,
              0x0bad_0000 + rng.nextInt(4),
              rng.nextInt(3),
              0,
              values,
              3,
              buf);
        }
        default -> { // intact
          values[0] = seq;
          senderCodec.encode(FrameCodec.TYPE_SENSORS, 0, session, seq++, 0, values, 3, buf);
          intact++;
        }
      }
      tx.send(buf, rxAddress);
      sent++;
      if (i % 50 == 49) {
        int target = sent;
        UdpTestPorts.await(() -> receiver.poll(1), () -> c.datagrams == target, "datagrams");
      }
    }
    UdpTestPorts.await(() -> receiver.poll(1), () -> c.datagrams == 3_000, "datagrams");
    long classified =
        c.foreign
            + c.empty
            + c.framesAccepted
            + c.corrupt
            + c.badAuth
            + c.wrongVersion
            + c.wrongShape
            + c.staleSession
            + c.restartPending
            + c.duplicates
            + c.late;
    assertEquals(c.datagrams, classified, c.toMap().toString());
    assertEquals(c.datagrams, c.foreign + c.empty + c.framesReceived);
    System.out.printf(
        "frame fuzz (seed %d, %s): tried %d, accepted %d (of %d intact), refused %d: %s%n",
        seed,
        senderCodec.authenticated() ? "authenticated" : "unauthenticated",
        c.datagrams,
        c.framesAccepted,
        intact,
        c.datagrams - c.framesAccepted,
        c.toMap());
    assertEquals(session, receiver.newestSessionId(), "no forged session took over");
    assertTrue(receiver.newest()[0] >= 0, "a forged value was used");
    assertArrayEquals(new double[] {receiver.newestSequence(), 0, 0}, receiver.newest());
  }

  @Test
  void shouldClassifyEveryFuzzedDatagramAndUseOnlyIntactFrames() throws IOException {
    FrameReceiver r = new FrameReceiver(rx, localOf(tx), FrameCodec.TYPE_SENSORS, 3, c);
    fuzz(r, new FrameCodec(), new FrameCodec(), 20);
    assertTrue(c.empty > 0 && c.corrupt > 0);
  }

  @Test
  void shouldNeverUseAFrameWithoutTheKeyInTheAuthenticatedMode() throws IOException {
    byte[] key = FrameReceiverTest.KEY;
    FrameReceiver r =
        new FrameReceiver(rx, localOf(tx), FrameCodec.TYPE_SENSORS, 3, c, new FrameAuth(key));
    fuzz(r, new FrameCodec(new FrameAuth(key)), new FrameCodec(), 21);
    assertEquals(0, c.restartPending, "unkeyed frames never become restart candidates");
    assertTrue(c.badAuth > 0);
  }

  private static InetSocketAddress localOf(DatagramChannel ch) throws IOException {
    return (InetSocketAddress) ch.getLocalAddress();
  }
}
