package dev.reflex.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded single-producer/single-consumer ring of fixed-width records of primitive doubles,
 * preallocated. When full, {@link #offer} drops the newest record and counts it: the producer (the
 * control thread) never blocks and never waits for the consumer.
 *
 * <p>Each index is written by one thread only and published with release/acquire ordering, so a
 * record is complete before the consumer can see it.
 *
 * <p>Real-time: allocation-free; no locks; wait-free. Threading: one producer thread calls {@link
 * #offer}; one consumer thread calls {@link #poll}; counters may be read from any thread.
 */
public final class SpscRing {

  private static final VarHandle TAIL;
  private static final VarHandle HEAD;
  private static final VarHandle DROPPED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      TAIL = lookup.findVarHandle(SpscRing.class, "tail", long.class);
      HEAD = lookup.findVarHandle(SpscRing.class, "head", long.class);
      DROPPED = lookup.findVarHandle(SpscRing.class, "dropped", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final double[] buffer;
  private final int recordDoubles;
  private final int capacity;
  private final long mask;

  // Producer side.
  private volatile long tail;
  private volatile long dropped;
  private long headCache;
  // Padding keeps the two sides' hot fields off one cache line.
  @SuppressWarnings("unused")
  private long p1, p2, p3, p4, p5, p6, p7, p8;

  // Consumer side.
  private volatile long head;
  private long tailCache;

  /**
   * @param capacityRecords records the ring holds; rounded up to a power of two
   * @param recordDoubles doubles per record, > 0
   */
  public SpscRing(int capacityRecords, int recordDoubles) {
    if (capacityRecords < 1 || capacityRecords > (1 << 24)) {
      throw new IllegalArgumentException(
          "ring capacity must be in [1, 16777216] records, got " + capacityRecords);
    }
    if (recordDoubles < 1) {
      throw new IllegalArgumentException("record width must be >= 1 double, got " + recordDoubles);
    }
    int cap = Integer.highestOneBit(capacityRecords);
    if (cap < capacityRecords) {
      cap <<= 1;
    }
    this.capacity = cap;
    this.mask = cap - 1;
    this.recordDoubles = recordDoubles;
    this.buffer = new double[Math.multiplyExact(cap, recordDoubles)];
  }

  /** Records the ring holds. */
  public int capacity() {
    return capacity;
  }

  /** Doubles per record. */
  public int recordDoubles() {
    return recordDoubles;
  }

  /**
   * Appends a copy of {@code record}; producer thread.
   *
   * @param record {@link #recordDoubles()} values. Not modified.
   * @return false if the ring was full (the record is dropped and counted)
   */
  public boolean offer(double[] record) {
    long t = (long) TAIL.getOpaque(this);
    if (t - headCache >= capacity) {
      headCache = (long) HEAD.getAcquire(this);
      if (t - headCache >= capacity) {
        DROPPED.setRelease(this, (long) DROPPED.getOpaque(this) + 1);
        return false;
      }
    }
    System.arraycopy(record, 0, buffer, (int) (t & mask) * recordDoubles, recordDoubles);
    TAIL.setRelease(this, t + 1);
    return true;
  }

  /**
   * Takes the oldest record; consumer thread.
   *
   * @param out receives {@link #recordDoubles()} values. Modified.
   * @return false if the ring was empty ({@code out} untouched)
   */
  public boolean poll(double[] out) {
    long h = (long) HEAD.getOpaque(this);
    if (h >= tailCache) {
      tailCache = (long) TAIL.getAcquire(this);
      if (h >= tailCache) {
        return false;
      }
    }
    System.arraycopy(buffer, (int) (h & mask) * recordDoubles, out, 0, recordDoubles);
    HEAD.setRelease(this, h + 1);
    return true;
  }

  /** Records dropped because the ring was full. Any thread. */
  public long dropped() {
    return (long) DROPPED.getAcquire(this);
  }

  /** Records accepted so far. Any thread. */
  public long offered() {
    return (long) TAIL.getAcquire(this);
  }

  /** Records waiting (approximate when read while both sides run). Any thread. */
  public int size() {
    return (int) Math.max(0, (long) TAIL.getAcquire(this) - (long) HEAD.getAcquire(this));
  }
}
