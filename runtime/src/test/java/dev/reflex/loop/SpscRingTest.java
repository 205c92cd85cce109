package dev.reflex.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SpscRingTest {

  @Test
  void shouldReturnRecordsInOrder() {
    SpscRing ring = new SpscRing(4, 3);
    for (int i = 0; i < 3; i++) {
      assertTrue(ring.offer(new double[] {i, i + 0.5, -i}));
    }
    double[] out = new double[3];
    for (int i = 0; i < 3; i++) {
      assertTrue(ring.poll(out));
      assertArrayEquals(new double[] {i, i + 0.5, -i}, out);
    }
    assertFalse(ring.poll(out));
  }

  @Test
  void shouldDropTheNewestAndCountWhenFull() {
    SpscRing ring = new SpscRing(3, 1); // rounded up to 4
    assertEquals(4, ring.capacity());
    for (int i = 0; i < 4; i++) {
      assertTrue(ring.offer(new double[] {i}));
    }
    assertFalse(ring.offer(new double[] {100}));
    assertFalse(ring.offer(new double[] {101}));
    assertEquals(2, ring.dropped());
    assertEquals(4, ring.size());
    double[] out = new double[1];
    for (int i = 0; i < 4; i++) {
      assertTrue(ring.poll(out));
      assertEquals(i, out[0]); // the oldest survive; the newest were dropped
    }
    assertTrue(ring.offer(new double[] {5}));
    assertTrue(ring.poll(out));
    assertEquals(5, out[0]);
  }

  @Test
  void shouldWrapAroundManyTimes() {
    SpscRing ring = new SpscRing(2, 2);
    double[] out = new double[2];
    for (int i = 0; i < 1000; i++) {
      assertTrue(ring.offer(new double[] {i, 2 * i}));
      assertTrue(ring.poll(out));
      assertArrayEquals(new double[] {i, 2 * i}, out);
    }
  }

  @Test
  void shouldDeliverEveryRecordIntactOrCountItAsDroppedAcrossTwoThreads() throws Exception {
    final int width = 8;
    final long records = 2_000_000;
    SpscRing ring = new SpscRing(256, width);
    AtomicReference<String> failure = new AtomicReference<>();
    long[] received = new long[1];
    Thread consumer =
        new Thread(
            () -> {
              double[] out = new double[width];
              long lastSeq = -1;
              while (true) {
                if (!ring.poll(out)) {
                  Thread.onSpinWait();
                  continue;
                }
                long seq = (long) out[0];
                if (seq < 0) {
                  return; // end marker
                }
                if (seq <= lastSeq) {
                  failure.compareAndSet(null, "out of order: " + seq + " after " + lastSeq);
                }
                for (int j = 1; j < width; j++) {
                  if (out[j] != seq * 31.0 + j) {
                    failure.compareAndSet(null, "torn record " + seq + " at " + j);
                  }
                }
                lastSeq = seq;
                received[0]++;
              }
            });
    consumer.start();
    double[] rec = new double[width];
    long producerDrops = 0;
    for (long seq = 0; seq < records; seq++) {
      rec[0] = seq;
      for (int j = 1; j < width; j++) {
        rec[j] = seq * 31.0 + j;
      }
      if (!ring.offer(rec)) {
        producerDrops++;
      }
    }
    double[] end = new double[width];
    end[0] = -1;
    long endRetries = 0;
    while (!ring.offer(end)) {
      endRetries++;
      Thread.onSpinWait();
    }
    consumer.join(60_000);
    assertFalse(consumer.isAlive());
    assertEquals(null, failure.get());
    assertEquals(records, received[0] + producerDrops, "every record arrived or was dropped");
    assertEquals(producerDrops + endRetries, ring.dropped());
    assertEquals(received[0] + 1, ring.offered());
  }
}
