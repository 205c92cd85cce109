package dev.reflex.telemetry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded single-producer/single-consumer ring of fixed-width records of primitive doubles that
 * never makes the producer wait: when the consumer falls behind, the producer overwrites the oldest
 * records (drop-oldest) and the consumer counts them as lost when it catches up.
 *
 * <p>Safety without a shared head: each slot carries a version (a seqlock). The producer marks the
 * slot odd ({@code 2n+1}) before writing record {@code n} and even ({@code 2n+2}) after; the
 * consumer copies a slot optimistically and keeps the copy only if the version was {@code 2n+2}
 * before and after the copy (the pattern of {@link java.util.concurrent.locks.StampedLock}'s
 * optimistic reads). A record overwritten while being read is therefore detected and counted as
 * lost, never returned torn. Only the producer writes slots and the write sequence; only the
 * consumer writes the read sequence and the lost count.
 *
 * <p>Threading: one producer thread calls {@link #beginWrite}, {@link #set}, {@link #endWrite}; one
 * consumer thread calls {@link #poll}. Real-time (producer side): allocation-free; no locks; no
 * I/O; wait-free.
 */
public final class TelemetryRing {
  private static final VarHandle VERSIONS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle WRITTEN;

  static {
    try {
      WRITTEN = MethodHandles.lookup().findVarHandle(TelemetryRing.class, "written", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int width;
  private final int mask;
  private final double[] data;
  private final long[] versions;

  /** Records fully written; written by the producer with release semantics. */
  @SuppressWarnings("unused")
  private volatile long written;

  // Producer-only state.
  private long writing;
  private int writeBase;

  // Consumer-only state.
  private long next;
  private long lost;

  /**
   * Creates a ring.
   *
   * @param capacity records held before the oldest is overwritten; rounded up to a power of two
   * @param width doubles per record, at least 1
   */
  public TelemetryRing(int capacity, int width) {
    if (capacity < 1 || capacity > (1 << 24)) {
      throw new IllegalArgumentException("ring capacity " + capacity + " not in [1, 16777216]");
    }
    if (width < 1) {
      throw new IllegalArgumentException("ring record width " + width + " must be >= 1");
    }
    int cap = Integer.highestOneBit(capacity);
    if (cap < capacity) {
      cap <<= 1;
    }
    this.width = width;
    this.mask = cap - 1;
    this.data = new double[cap * width];
    this.versions = new long[cap];
  }

  /** Records the ring holds before overwriting the oldest. */
  public int capacity() {
    return mask + 1;
  }

  /** Doubles per record. */
  public int width() {
    return width;
  }

  /**
   * Starts writing the next record; its fields keep their previous contents until {@link #set}.
   *
   * <p>Real-time: allocation-free; no locks. Threading: producer only.
   */
  public void beginWrite() {
    long n = writing;
    int slot = (int) (n & mask);
    writeBase = slot * width;
    VERSIONS.setOpaque(versions, slot, 2 * n + 1);
    VarHandle.storeStoreFence();
  }

  /**
   * Sets field {@code field} of the record being written.
   *
   * <p>Real-time: allocation-free; no locks. Threading: producer only, between {@link #beginWrite}
   * and {@link #endWrite}.
   */
  public void set(int field, double value) {
    data[writeBase + field] = value;
  }

  /**
   * Copies {@code count} values of {@code src} into fields {@code field ..}.
   *
   * @param src values; not modified
   */
  public void set(int field, double[] src, int count) {
    System.arraycopy(src, 0, data, writeBase + field, count);
  }

  /**
   * Publishes the record being written to the consumer.
   *
   * <p>Real-time: allocation-free; no locks. Threading: producer only.
   */
  public void endWrite() {
    long n = writing;
    VERSIONS.setRelease(versions, (int) (n & mask), 2 * n + 2);
    writing = n + 1;
    WRITTEN.setRelease(this, n + 1);
  }

  /** Records published so far (any thread). */
  public long written() {
    return (long) WRITTEN.getAcquire(this);
  }

  /**
   * Copies the oldest unread record into {@code dst}, skipping (and counting) records that were
   * overwritten before they could be read.
   *
   * @param dst receives {@link #width()} values; modified
   * @return true if a record was copied, false if none is waiting
   */
  public boolean poll(double[] dst) {
    while (true) {
      long end = (long) WRITTEN.getAcquire(this);
      if (next >= end) {
        return false;
      }
      if (end - next > capacity()) {
        lost += end - capacity() - next;
        next = end - capacity();
      }
      int slot = (int) (next & mask);
      long expected = 2 * next + 2;
      long before = (long) VERSIONS.getAcquire(versions, slot);
      if (before == expected) {
        System.arraycopy(data, slot * width, dst, 0, width);
        VarHandle.loadLoadFence();
        long after = (long) VERSIONS.getOpaque(versions, slot);
        if (after == expected) {
          next++;
          return true;
        }
      }
      // Overwritten by a newer record: this one is gone.
      lost++;
      next++;
    }
  }

  /** Records the consumer found overwritten before it read them. Threading: consumer only. */
  public long lost() {
    return lost;
  }
}
