package dev.reflex.dashboard;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The recent SSE frames of one device, sent to a browser when it connects so that its charts start
 * full: the last {@code status}, {@code meta} and {@code summary}, and bounded rings of loop,
 * learning, signal and event/ack frames (the oldest dropped first).
 *
 * <p>Threading: not thread-safe; {@link DashboardFeed} guards it.
 */
final class DeviceHistory {
  /** Capacity of each ring. */
  record Capacity(int loop, int learning, int signals, int events) {}

  private byte[] status;
  private byte[] meta;
  private byte[] summary;
  private final Ring loop;
  private final Ring learning;
  private final Ring signals;
  private final Ring events;

  DeviceHistory(Capacity c) {
    this.loop = new Ring(c.loop());
    this.learning = new Ring(c.learning());
    this.signals = new Ring(c.signals());
    this.events = new Ring(c.events());
  }

  /** Remembers a frame of topic kind {@code kind}. */
  void add(String kind, byte[] frame) {
    switch (kind) {
      case "status" -> status = frame;
      case "meta" -> meta = frame;
      case "summary" -> summary = frame;
      case "loop" -> loop.add(frame);
      case "learning" -> learning.add(frame);
      case "signals" -> signals.add(frame);
      default -> events.add(frame);
    }
  }

  /**
   * Appends every remembered frame to {@code out}: meta, status, summary, events and acks, loop,
   * learning, signals; within each kind oldest first.
   */
  void replayInto(List<byte[]> out) {
    if (meta != null) {
      out.add(meta);
    }
    if (status != null) {
      out.add(status);
    }
    if (summary != null) {
      out.add(summary);
    }
    events.into(out); // first: the page needs e.g. the baseline event to draw the learning history
    loop.into(out);
    learning.into(out);
    signals.into(out);
  }

  private static final class Ring {
    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    private final int capacity;

    Ring(int capacity) {
      this.capacity = capacity;
    }

    void add(byte[] frame) {
      if (capacity == 0) {
        return;
      }
      if (frames.size() == capacity) {
        frames.removeFirst();
      }
      frames.addLast(frame);
    }

    void into(List<byte[]> out) {
      out.addAll(frames);
    }
  }
}
