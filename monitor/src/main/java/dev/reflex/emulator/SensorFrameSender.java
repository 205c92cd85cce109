package dev.reflex.emulator;

import dev.reflex.plant.udp.FrameCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * Puts the emulator's encoded sensor frames on the wire with the network faults applied: drop,
 * corrupt (a flipped bit after the checksum), delay (a preallocated FIFO of frames with due times;
 * delayed frames keep their order), reorder (hold one frame and send it after the next) and
 * duplicate.
 *
 * <p>Real-time: {@link #send} and {@link #releaseDue} are allocation-free (except the JDK's
 * exception object on a socket error). Threading: the emulator's thread.
 */
final class SensorFrameSender {
  static final int DELAY_QUEUE_FRAMES = 1024;

  private final DatagramChannel channel;
  private final InetSocketAddress peer;
  private final EmulatorCounters counters;
  private final ByteBuffer[] queue;
  private final long[] dueNs;
  private final ByteBuffer held;
  private boolean holding;
  private int head;
  private int size;

  SensorFrameSender(
      DatagramChannel channel, InetSocketAddress peer, int frameBytes, EmulatorCounters counters) {
    this.channel = channel;
    this.peer = peer;
    this.counters = counters;
    this.queue = new ByteBuffer[DELAY_QUEUE_FRAMES];
    this.dueNs = new long[DELAY_QUEUE_FRAMES];
    for (int i = 0; i < queue.length; i++) {
      queue[i] = ByteBuffer.allocateDirect(frameBytes);
    }
    this.held = ByteBuffer.allocateDirect(frameBytes);
  }

  /**
   * Sends (or drops, delays, holds) one encoded frame.
   *
   * @param frame position 0, limit its length. Modified (corruption flips a bit in place).
   */
  void send(
      ByteBuffer frame,
      long nowNs,
      boolean drop,
      boolean corrupt,
      long delayNs,
      boolean reorder,
      boolean duplicate) {
    if (drop) {
      counters.dropped++;
      return;
    }
    if (corrupt) {
      int at =
          FrameCodec.HEADER_BYTES < frame.limit() - FrameCodec.CRC_BYTES
              ? FrameCodec.HEADER_BYTES
              : 8;
      frame.put(at, (byte) (frame.get(at) ^ 0x01));
      counters.corrupted++;
    }
    if (delayNs > 0) {
      enqueue(frame, nowNs + delayNs);
      if (duplicate) {
        enqueue(frame, nowNs + delayNs);
        counters.duplicated++;
      }
      return;
    }
    if (reorder && !holding) {
      copy(frame, held);
      holding = true;
      counters.reordered++;
      return;
    }
    transmit(frame);
    if (duplicate) {
      transmit(frame);
      counters.duplicated++;
    }
    if (holding) {
      transmit(held);
      holding = false;
    }
  }

  /** Sends every delayed frame whose due time has come, oldest first. */
  void releaseDue(long nowNs) {
    while (size > 0 && dueNs[head] <= nowNs) {
      transmit(queue[head]);
      head = (head + 1) % queue.length;
      size--;
    }
  }

  /** Frames waiting in the delay queue. */
  int pendingDelayed() {
    return size;
  }

  private void enqueue(ByteBuffer frame, long due) {
    if (size == queue.length) {
      counters.dropped++;
      return;
    }
    int slot = (head + size) % queue.length;
    copy(frame, queue[slot]);
    dueNs[slot] = due;
    size++;
    counters.delayed++;
  }

  private static void copy(ByteBuffer from, ByteBuffer to) {
    to.clear();
    to.put(0, from, 0, from.limit());
    to.position(0).limit(from.limit());
  }

  private void transmit(ByteBuffer frame) {
    frame.position(0);
    try {
      channel.send(frame, peer);
      counters.sensorDatagramsSent++;
    } catch (IOException e) {
      counters.sendErrors++; // the runtime is not listening (yet); UDP carries on
    }
    frame.position(0);
  }
}
