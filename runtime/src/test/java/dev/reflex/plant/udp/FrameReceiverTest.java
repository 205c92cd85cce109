package dev.reflex.plant.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.testing.Allocations;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FrameReceiverTest {
  private static final int OLD = 0x1111_1111;
  private static final int NEW = 0x2222_2222;

  private DatagramChannel rx;
  private DatagramChannel tx;
  private final UdpCounters counters = new UdpCounters();
  private final FrameCodec codec = new FrameCodec();
  private final ByteBuffer buf = ByteBuffer.allocateDirect(FrameCodec.MAX_FRAME_BYTES);
  private final double[] values = new double[2];
  private FrameReceiver receiver;

  @BeforeEach
  void open() throws IOException {
    InetSocketAddress a = UdpTestPorts.freeLoopback();
    InetSocketAddress b = UdpTestPorts.freeLoopback();
    rx = UdpChannels.open(a, b);
    tx = UdpChannels.open(b, a);
    receiver = new FrameReceiver(rx, FrameCodec.TYPE_SENSORS, 2, counters);
  }

  @AfterEach
  void close() throws IOException {
    rx.close();
    tx.close();
  }

  /** Sends one two-value sensor frame of {@code session}; the values are (seq, -seq). */
  private void send(int session, long seq) throws IOException {
    values[0] = seq;
    values[1] = -seq;
    codec.encode(FrameCodec.TYPE_SENSORS, 0, session, seq, seq, values, 2, buf);
    tx.write(buf);
  }

  private void awaitReceived(long total) {
    UdpTestPorts.await(() -> receiver.poll(77L), () -> counters.framesReceived == total, "frames");
  }

  @Test
  void shouldClassifyByShapeAndSequenceWithinOneSession() throws IOException {
    assertFalse(receiver.hasFrame());
    assertEquals(-1, receiver.newestSequence());
    assertEquals(0, receiver.newestSessionId());
    for (long seq : new long[] {5000, 5001, 5003, 5002, 5003, 7, 8}) {
      send(OLD, seq);
    }
    codec.encode(FrameCodec.TYPE_ACTUATORS, 0, OLD, 9, 9, new double[] {1, 2}, 2, buf);
    tx.write(buf);
    codec.encode(FrameCodec.TYPE_SENSORS, 0, OLD, 10, 10, new double[] {1, 2, 3}, 3, buf);
    tx.write(buf);
    codec.encode(FrameCodec.TYPE_SENSORS, 0, 0, 11, 11, new double[] {1, 2}, 2, buf);
    tx.write(buf);
    tx.write(FrameCodecTest.versionOneFrame(FrameCodec.TYPE_SENSORS, 12, new double[] {1, 2}));
    awaitReceived(11);
    assertEquals(3, counters.framesAccepted, "5000, 5001, 5003");
    assertEquals(1, counters.lost, "5002 skipped");
    assertEquals(3, counters.late, "5002 after 5003; 7 and 8 of the same session: no restart");
    assertEquals(1, counters.duplicates, "5003 again");
    assertEquals(0, counters.restarts);
    assertEquals(0, counters.staleSession);
    assertEquals(2, counters.wrongShape, "actuator type, three values");
    assertEquals(1, counters.corrupt, "session id 0");
    assertEquals(1, counters.wrongVersion, "a version 1 frame");
    assertEquals(5003, receiver.newestSequence());
    assertEquals(OLD, receiver.newestSessionId());
    assertArrayEquals(new double[] {5003, -5003}, receiver.newest());
    assertTrue(receiver.isFresh(77L + 10, 10));
    assertFalse(receiver.isFresh(77L + 11, 10));
  }

  @Test
  void shouldAcceptASenderRestartedAfterAFewFramesOnItsFirstFrame() throws IOException {
    for (long seq = 0; seq < 5; seq++) {
      send(OLD, seq);
    }
    awaitReceived(5);
    send(NEW, 0); // the restarted sender counts from 0 again, below the old session's 4
    awaitReceived(6);
    assertEquals(6, counters.framesAccepted);
    assertEquals(1, counters.restarts);
    assertEquals(0, counters.late);
    assertEquals(0, counters.lost, "no gap is counted across sessions");
    assertEquals(NEW, receiver.newestSessionId());
    assertEquals(0, receiver.newestSequence());
    assertArrayEquals(new double[] {0, 0}, receiver.newest());
  }

  @Test
  void shouldRejectAndCountFramesOfTheOldSessionArrivingAfterTheRestart() throws IOException {
    send(OLD, 0);
    send(OLD, 1);
    send(NEW, 0);
    send(OLD, 2); // still in flight from the killed sender: newer than its last, yet stale
    send(NEW, 1);
    send(OLD, 3);
    send(NEW, 1); // duplicates and late frames are still told apart within the new session
    send(NEW, 4);
    send(NEW, 3);
    awaitReceived(9);
    assertEquals(2 + 3, counters.framesAccepted, "OLD 0, 1; NEW 0, 1, 4");
    assertEquals(1, counters.restarts);
    assertEquals(2, counters.staleSession, "OLD 2 and 3 after NEW 0");
    assertEquals(1, counters.duplicates);
    assertEquals(1, counters.late, "NEW 3 after NEW 4");
    assertEquals(2, counters.lost, "NEW 2 and 3 skipped by NEW 4");
    assertEquals(NEW, receiver.newestSessionId());
    assertArrayEquals(new double[] {4, -4}, receiver.newest());
  }

  @Test
  void shouldRememberTheLastRetiredSessionsOnly() throws IOException {
    int sessions = FrameReceiver.RETIRED_SESSIONS + 2;
    for (int s = 1; s <= sessions; s++) {
      send(s, 0);
    }
    awaitReceived(sessions);
    assertEquals(sessions - 1, counters.restarts);
    for (int s = 2; s < sessions; s++) {
      send(s, 1); // the last RETIRED_SESSIONS retired: 2 .. sessions - 1
    }
    awaitReceived(2L * sessions - 2);
    assertEquals(FrameReceiver.RETIRED_SESSIONS, counters.staleSession);
    send(1, 1); // retired longest ago and forgotten: taken for a new restart
    awaitReceived(2L * sessions - 1);
    assertEquals(sessions, counters.restarts);
    assertEquals(1, receiver.newestSessionId());
  }

  @Test
  void shouldPollRestartsStaleSessionsAndLateFramesWithoutAllocating() throws IOException {
    // Each round: a new session (restart), the previous one's frame (stale), a late and a
    // duplicate frame of the new one, then a newer one; the receiver only ever polls.
    send(1, 0);
    awaitReceived(1);
    int[] session = {1};
    Runnable round =
        () -> {
          try {
            int s = ++session[0];
            send(s, 10);
            send(s - 1, 11);
            send(s, 9);
            send(s, 10);
            send(s, 12);
            long total = counters.framesReceived + 5;
            while (counters.framesReceived < total) {
              receiver.poll(77L);
            }
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        };
    for (int i = 0; i < 2_000; i++) {
      round.run(); // warm-up (the sends allocate nothing either, but are not what is measured)
    }
    long[] bytes = new long[5];
    boolean clean = false;
    for (int r = 0; r < bytes.length && !clean; r++) {
      long start = counters.framesReceived;
      long before = Allocations.current();
      for (int i = 0; i < 1_000; i++) {
        round.run();
      }
      bytes[r] = Allocations.current() - before;
      clean = bytes[r] == 0;
      assertEquals(start + 5_000, counters.framesReceived);
    }
    assertTrue(clean, "bytes per round of 1,000: " + java.util.Arrays.toString(bytes));
    assertEquals(counters.restarts, counters.staleSession);
    assertEquals(counters.restarts, counters.late);
    assertEquals(counters.restarts, counters.duplicates);
  }
}
