package dev.reflex.plant.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.Test;

class FrameReceiverTest {

  @Test
  void shouldClassifyByShapeAndSequenceAndDetectRestarts() throws IOException {
    InetSocketAddress a = UdpTestPorts.freeLoopback();
    InetSocketAddress b = UdpTestPorts.freeLoopback();
    try (DatagramChannel rx = UdpChannels.open(a, b);
        DatagramChannel tx = UdpChannels.open(b, a)) {
      UdpCounters counters = new UdpCounters();
      FrameReceiver receiver = new FrameReceiver(rx, FrameCodec.TYPE_SENSORS, 2, counters);
      FrameCodec codec = new FrameCodec();
      ByteBuffer buf = ByteBuffer.allocate(FrameCodec.MAX_FRAME_BYTES);
      assertFalse(receiver.hasFrame());
      assertEquals(-1, receiver.newestSequence());
      long[] sequences = {5000, 5001, 5003, 5002, 5003, 7, 8};
      for (long seq : sequences) {
        codec.encode(FrameCodec.TYPE_SENSORS, 0, seq, seq, new double[] {seq, -seq}, 2, buf);
        tx.write(buf);
      }
      codec.encode(FrameCodec.TYPE_ACTUATORS, 0, 9, 9, new double[] {1, 2}, 2, buf);
      tx.write(buf);
      codec.encode(FrameCodec.TYPE_SENSORS, 0, 10, 10, new double[] {1, 2, 3}, 3, buf);
      tx.write(buf);
      UdpTestPorts.await(() -> receiver.poll(77L), () -> counters.framesReceived == 9, "frames");
      assertEquals(5, counters.framesAccepted, "5000, 5001, 5003, 7 (restart), 8");
      assertEquals(1, counters.lost, "5002 skipped");
      assertEquals(1, counters.late, "5002 arriving after 5003");
      assertEquals(1, counters.duplicates, "5003 again");
      assertEquals(1, counters.restarts, "7 after 5003");
      assertEquals(2, counters.wrongShape, "actuator type, three values");
      assertEquals(8, receiver.newestSequence());
      assertArrayEquals(new double[] {8, -8}, receiver.newest());
      assertTrue(receiver.isFresh(77L + 10, 10));
      assertFalse(receiver.isFresh(77L + 11, 10));
    }
  }
}
