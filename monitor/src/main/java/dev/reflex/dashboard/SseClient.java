package dev.reflex.dashboard;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One browser's event stream: a bounded queue of ready-made SSE frames between the MQTT callback
 * (which must never wait) and the connection's writer. A client that falls so far behind that its
 * queue fills is cut off; the browser's {@code EventSource} reconnects and is sent the history
 * again.
 *
 * <p>Threading: {@link #offer} and {@link #close} from any thread; {@link #next} from the
 * connection's writer only.
 */
public final class SseClient {
  private static final byte[] WAKE = new byte[0];

  private final ArrayBlockingQueue<byte[]> queue;
  private volatile boolean closed;

  /** Creates a client buffering at most {@code capacity} frames. */
  SseClient(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /** Queues a frame; on overflow the client is closed. Never blocks. */
  void offer(byte[] frame) {
    if (!closed && !queue.offer(frame)) {
      close();
    }
  }

  /**
   * The next frame, waiting at most {@code timeoutMs}.
   *
   * @return a frame, or null on timeout or once closed (check {@link #closed})
   */
  byte[] next(long timeoutMs) throws InterruptedException {
    if (closed) {
      return null;
    }
    byte[] f = queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
    return f == WAKE || closed ? null : f;
  }

  /** The next frame if one is queued now, else null. */
  byte[] poll() {
    byte[] f = queue.poll();
    return f == WAKE || closed ? null : f;
  }

  /** Ends the stream (overflow, server stop); wakes the writer. */
  void close() {
    closed = true;
    queue.clear();
    queue.offer(WAKE);
  }

  /** True once the stream is to end. */
  boolean closed() {
    return closed;
  }
}
