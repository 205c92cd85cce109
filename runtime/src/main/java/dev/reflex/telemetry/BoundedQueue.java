package dev.reflex.telemetry;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded multi-producer queue for rare messages (events, commands, acknowledgements) that never
 * blocks: {@link #offer} returns false and counts a drop when the queue is full.
 *
 * <p>Threading: any threads. Lock-free. {@link #offer} allocates one node; {@link #poll} on an
 * empty queue is allocation-free, so a control thread may poll it every tick.
 *
 * @param <T> element type
 */
public final class BoundedQueue<T> {
  private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final int capacity;

  /** Creates a queue holding at most {@code capacity} elements. */
  public BoundedQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("queue capacity " + capacity + " must be >= 1");
    }
    this.capacity = capacity;
  }

  /** Adds {@code item} unless the queue is full; a refusal is counted in {@link #dropped()}. */
  public boolean offer(T item) {
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      dropped.incrementAndGet();
      return false;
    }
    items.add(item);
    return true;
  }

  /** Removes and returns the oldest element, or null when empty. */
  public T poll() {
    T item = items.poll();
    if (item != null) {
      size.decrementAndGet();
    }
    return item;
  }

  /** Elements waiting. */
  public int size() {
    return Math.max(0, size.get());
  }

  /** Elements refused because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  /** Maximum elements held. */
  public int capacity() {
    return capacity;
  }
}
