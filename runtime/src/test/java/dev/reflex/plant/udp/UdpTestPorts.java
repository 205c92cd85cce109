package dev.reflex.plant.udp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;

/**
 * Free loopback ports and a bounded wait for datagrams in flight (tests only; also the monitor
 * module's emulator tests, through the test-jar).
 */
public final class UdpTestPorts {
  private UdpTestPorts() {}

  public static InetSocketAddress freeLoopback() {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Calls {@code poll} until {@code done} holds; fails after 5 s of real time. */
  public static void await(Runnable poll, BooleanSupplier done, String what) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      poll.run();
      if (done.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.onSpinWait();
    }
  }
}
