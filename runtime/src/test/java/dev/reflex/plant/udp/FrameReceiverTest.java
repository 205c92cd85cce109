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
  static final byte[] KEY = "0123456789abcdef-shared-key".getBytes();

  private DatagramChannel rx;
  private DatagramChannel tx;
  private InetSocketAddress rxAddress;
  private final UdpCounters counters = new UdpCounters();
  private FrameCodec codec = new FrameCodec();
  private final ByteBuffer buf = ByteBuffer.allocateDirect(FrameCodec.MAX_FRAME_BYTES);
  private final double[] values = new double[2];
  private FrameReceiver receiver;

  @BeforeEach
  void open() throws IOException {
    rxAddress = UdpTestPorts.freeLoopback();
    InetSocketAddress b = UdpTestPorts.freeLoopback();
    rx = UdpChannels.open(rxAddress, b);
    tx = UdpChannels.open(b, rxAddress);
    receiver = new FrameReceiver(rx, b, FrameCodec.TYPE_SENSORS, 2, counters);
  }

  @AfterEach
  void close() throws IOException {
    rx.close();
    tx.close();
  }

  private void authenticated(FrameAuth receiverAuth, FrameAuth senderAuth) {
    receiver =
        new FrameReceiver(rx, localOf(tx), FrameCodec.TYPE_SENSORS, 2, counters, receiverAuth);
    codec = new FrameCodec(senderAuth);
  }

  private static InetSocketAddress localOf(DatagramChannel c) {
    try {
      return (InetSocketAddress) c.getLocalAddress();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Sends one two-value sensor frame of {@code session}; the values are (seq, -seq). */
  private void send(int session, long seq) throws IOException {
    values[0] = seq;
    values[1] = -seq;
    codec.encode(FrameCodec.TYPE_SENSORS, 0, session, seq, seq, values, 2, buf);
    tx.send(buf, rxAddress);
  }

  private void awaitReceived(long total) {
    UdpTestPorts.await(() -> receiver.poll(77L), () -> counters.framesReceived == total, "frames");
  }

  private void awaitDatagrams(long total) {
    UdpTestPorts.await(() -> receiver.poll(77L), () -> counters.datagrams == total, "datagrams");
  }

  @Test
  void shouldClassifyByShapeAndSequenceWithinOneSession() throws IOException {
    assertFalse(receiver.hasFrame());
    assertEquals(-1, receiver.newestSequence());
    assertEquals(0, receiver.newestSessionId());
    receiver.poll(0); // empties the socket at time 0: what is read later arrived after 0
    for (long seq : new long[] {5000, 5001, 5003, 5002, 5003, 7, 8}) {
      send(OLD, seq);
    }
    codec.encode(FrameCodec.TYPE_ACTUATORS, 0, OLD, 9, 9, new double[] {1, 2}, 2, buf);
    tx.send(buf, rxAddress);
    codec.encode(FrameCodec.TYPE_SENSORS, 0, OLD, 10, 10, new double[] {1, 2, 3}, 3, buf);
    tx.send(buf, rxAddress);
    codec.encode(FrameCodec.TYPE_SENSORS, 0, 0, 11, 11, new double[] {1, 2}, 2, buf);
    tx.send(buf, rxAddress);
    tx.send(
        FrameCodecTest.versionOneFrame(FrameCodec.TYPE_SENSORS, 12, new double[] {1, 2}),
        rxAddress);
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
    assertTrue(receiver.isFresh(10, 10), "judged from the drain at 0, not the read at 77");
    assertFalse(receiver.isFresh(11, 10));
  }

  @Test
  void shouldSwitchToARestartedSenderOnceItsOldLifeIsSilent() throws IOException {
    for (long seq = 0; seq < 5; seq++) {
      send(OLD, seq);
    }
    awaitReceived(5);
    send(NEW, 0); // the restarted sender counts from 0 again, below the old session's 4
    send(NEW, 1);
    awaitReceived(7);
    assertEquals(OLD, receiver.newestSessionId(), "two frames do not make a restart yet");
    assertEquals(2, counters.restartPending);
    send(NEW, 2);
    awaitReceived(8);
    assertEquals(6, counters.framesAccepted);
    assertEquals(1, counters.restarts);
    assertEquals(0, counters.late);
    assertEquals(0, counters.lost, "no gap is counted across sessions");
    assertEquals(NEW, receiver.newestSessionId());
    assertEquals(2, receiver.newestSequence());
    assertArrayEquals(new double[] {2, -2}, receiver.newest());
  }

  @Test
  void shouldKeepTheLiveSessionWhenAForgedOneClaimsARestart() throws IOException {
    // A forger sends a new session id from the plant's address while the plant keeps sending.
    long seq = 0;
    send(OLD, seq++);
    awaitReceived(1);
    for (int round = 0; round < 50; round++) {
      send(NEW + round % 2, round); // the forger's "restart" frames, two ids
      send(OLD, seq++);
      send(NEW + round % 2, round + 1);
    }
    awaitReceived(151);
    assertEquals(OLD, receiver.newestSessionId(), "the forged session never took over");
    assertEquals(0, counters.restarts);
    assertEquals(51, counters.framesAccepted);
    assertEquals(100, counters.restartPending);
    assertTrue(counters.sessionConflicts >= 49, "conflicts " + counters.sessionConflicts);
    assertArrayEquals(new double[] {50, -50}, receiver.newest());
  }

  @Test
  void shouldNotTakeAMidStreamSessionForARestart() throws IOException {
    send(OLD, 0);
    awaitReceived(1);
    for (long s = 1000; s < 1010; s++) {
      send(NEW, s); // a replayed recording of some session: not a sender counting from 0
    }
    awaitReceived(11);
    assertEquals(OLD, receiver.newestSessionId());
    assertEquals(10, counters.restartPending);
  }

  @Test
  void shouldRejectAndCountFramesOfTheOldSessionArrivingAfterTheRestart() throws IOException {
    send(OLD, 0);
    send(OLD, 1);
    send(NEW, 0);
    send(NEW, 1);
    send(NEW, 2); // confirmed: three frames, the old session silent
    send(OLD, 2); // still in flight from the killed sender: newer than its last, yet stale
    send(NEW, 3);
    send(OLD, 3);
    send(NEW, 3); // duplicates and late frames are still told apart within the new session
    send(NEW, 6);
    send(NEW, 5);
    awaitReceived(11);
    assertEquals(2 + 3, counters.framesAccepted, "OLD 0, 1; NEW 2, 3, 6");
    assertEquals(1, counters.restarts);
    assertEquals(2, counters.staleSession, "OLD 2 and 3 after the switch");
    assertEquals(1, counters.duplicates);
    assertEquals(1, counters.late, "NEW 5 after NEW 6");
    assertEquals(2, counters.lost, "NEW 4 and 5 skipped by NEW 6");
    assertEquals(NEW, receiver.newestSessionId());
    assertArrayEquals(new double[] {6, -6}, receiver.newest());
  }

  @Test
  void shouldRememberTheLastRetiredSessionsOnly() throws IOException {
    int sessions = FrameReceiver.RETIRED_SESSIONS + 2;
    for (int s = 1; s <= sessions; s++) {
      for (int q = 0; q < FrameReceiver.RESTART_CONFIRM_FRAMES; q++) {
        send(s, q);
      }
    }
    int perSession = FrameReceiver.RESTART_CONFIRM_FRAMES;
    awaitReceived((long) sessions * perSession);
    assertEquals(sessions - 1, counters.restarts);
    for (int s = 2; s < sessions; s++) {
      send(s, 10); // the last RETIRED_SESSIONS retired: 2 .. sessions - 1
    }
    long total = (long) sessions * perSession + sessions - 2;
    awaitReceived(total);
    assertEquals(FrameReceiver.RETIRED_SESSIONS, counters.staleSession);
    for (int q = 0; q < perSession; q++) {
      send(1, q); // retired longest ago and forgotten: taken for a new restart
    }
    awaitReceived(total + perSession);
    assertEquals(sessions, counters.restarts);
    assertEquals(1, receiver.newestSessionId());
  }

  @Test
  void shouldDrainAndCountEmptyDatagramsAndUseTheFramesBehindThem() throws IOException {
    receiver.poll(0);
    ByteBuffer empty = ByteBuffer.allocateDirect(0);
    for (long seq = 0; seq < 20; seq++) {
      tx.send(empty, rxAddress);
      tx.send(empty.clear(), rxAddress);
      send(OLD, seq);
    }
    awaitDatagrams(60);
    assertEquals(40, counters.empty);
    assertEquals(20, counters.framesAccepted);
    assertEquals(19, receiver.newestSequence(), "the newest frame, not one stuck behind");
    assertTrue(receiver.isFresh(5, 5));
  }

  @Test
  void shouldJudgeAFrameQueuedWhileNotPollingByItsArrivalNotItsRead() throws IOException {
    receiver.poll(1_000);
    send(OLD, 0);
    awaitReceived(1); // read at 77 (the test's clock), yet arrived after the drain at 1,000
    assertEquals(1_000, receiver.lastFreshNs());
    assertFalse(receiver.isFresh(2_001, 1_000));
  }

  @Test
  void shouldRefuseDatagramsFromAnyAddressButThePeers() throws IOException {
    try (DatagramChannel stranger = UdpChannels.open(UdpTestPorts.freeLoopback(), rxAddress)) {
      codec.encode(FrameCodec.TYPE_SENSORS, 0, OLD, 0, 0, values, 2, buf);
      stranger.send(buf, rxAddress);
      awaitDatagrams(1);
    }
    assertEquals(1, counters.foreign);
    assertEquals(0, counters.framesReceived);
    assertFalse(receiver.hasFrame());
  }

  @Test
  void shouldStopAFloodAtTheDrainLimitAndReadTheRestNextPoll() throws IOException {
    receiver.drainLimit(100);
    receiver.poll(0);
    int n = 1_000;
    for (int i = 0; i < n; i++) {
      send(OLD, i);
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (counters.datagrams < n && System.nanoTime() < deadline) {
      int before = (int) counters.datagrams;
      receiver.poll(77);
      assertTrue(counters.datagrams - before <= 100);
    }
    assertEquals(n, counters.framesAccepted);
    assertTrue(counters.drainCapped >= 1);
    assertEquals(n - 1, receiver.newestSequence());
  }

  @Test
  void shouldAcceptOnlyFramesTaggedWithTheSharedKey() throws IOException {
    authenticated(new FrameAuth(KEY), new FrameAuth(KEY));
    send(OLD, 0);
    send(OLD, 1);
    codec = new FrameCodec(); // untagged: a sender without the key
    send(OLD, 2);
    codec = new FrameCodec(new FrameAuth("another key, 16 bytes at least".getBytes()));
    send(NEW, 0);
    send(NEW, 1);
    send(NEW, 2);
    send(NEW, 3);
    awaitReceived(7);
    assertEquals(2, counters.framesAccepted);
    assertEquals(5, counters.badAuth);
    assertEquals(0, counters.restartPending, "a forged session never becomes a candidate");
    assertEquals(OLD, receiver.newestSessionId());
    assertEquals(1, receiver.newestSequence());
  }

  @Test
  void shouldRefuseTaggedFramesWithoutAConfiguredKey() throws IOException {
    authenticated(null, new FrameAuth(KEY));
    send(OLD, 0);
    awaitReceived(1);
    assertEquals(1, counters.badAuth);
    assertFalse(receiver.hasFrame());
  }

  @Test
  void shouldPollRestartsStaleSessionsAndLateFramesWithoutAllocating() throws IOException {
    roundsWithoutAllocating();
  }

  @Test
  void shouldPollAuthenticatedFramesWithoutAllocating() throws IOException {
    authenticated(new FrameAuth(KEY), new FrameAuth(KEY));
    roundsWithoutAllocating();
  }

  private void roundsWithoutAllocating() throws IOException {
    // Each round: a new session (restart, confirmed by three frames), the previous one's frame
    // (stale), a late and a duplicate frame of the new one, an empty datagram, then a newer one;
    // the receiver only ever polls.
    send(1, 0);
    awaitReceived(1);
    int[] session = {1};
    ByteBuffer empty = ByteBuffer.allocateDirect(0);
    Runnable round =
        () -> {
          try {
            int s = ++session[0];
            send(s, 8);
            send(s, 9);
            send(s, 10);
            send(s - 1, 11);
            send(s, 9);
            send(s, 10);
            tx.send(empty.clear(), rxAddress);
            send(s, 12);
            long total = counters.datagrams + 8;
            while (counters.datagrams < total) {
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
      long start = counters.datagrams;
      long before = Allocations.current();
      for (int i = 0; i < 1_000; i++) {
        round.run();
      }
      bytes[r] = Allocations.current() - before;
      clean = bytes[r] == 0;
      assertEquals(start + 8_000, counters.datagrams);
    }
    assertTrue(clean, "bytes per round of 1,000: " + java.util.Arrays.toString(bytes));
    assertEquals(counters.restarts, counters.staleSession);
    assertEquals(counters.restarts, counters.late);
    assertEquals(counters.restarts, counters.duplicates);
    assertEquals(counters.restarts, counters.empty);
    assertEquals(0, counters.badAuth);
  }
}
