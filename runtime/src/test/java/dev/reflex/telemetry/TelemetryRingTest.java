package dev.reflex.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TelemetryRingTest {

  private static void write(TelemetryRing ring, double v) {
    ring.beginWrite();
    for (int f = 0; f < ring.width(); f++) {
      ring.set(f, v);
    }
    ring.endWrite();
  }

  @Test
  void shouldReturnRecordsInOrder() {
    TelemetryRing ring = new TelemetryRing(8, 3);
    double[] out = new double[3];
    for (int i = 0; i < 5; i++) {
      write(ring, i);
    }
    for (int i = 0; i < 5; i++) {
      assertTrue(ring.poll(out));
      assertEquals(i, out[0]);
      assertEquals(i, out[2]);
    }
    assertFalse(ring.poll(out));
    assertEquals(0, ring.lost());
  }

  @Test
  void shouldDropOldestAndCountWhenFull() {
    TelemetryRing ring = new TelemetryRing(8, 2);
    double[] out = new double[2];
    for (int i = 0; i < 20; i++) {
      write(ring, i);
    }
    assertTrue(ring.poll(out));
    assertEquals(12, out[0], "the oldest 12 are gone, 12..19 remain");
    assertEquals(12, ring.lost());
    int read = 1;
    while (ring.poll(out)) {
      read++;
    }
    assertEquals(19, out[0]);
    assertEquals(8, read);
  }

  @Test
  void shouldRoundCapacityUpToPowerOfTwo() {
    assertEquals(16, new TelemetryRing(9, 1).capacity());
    assertEquals(1, new TelemetryRing(1, 1).capacity());
  }

  @Test
  void shouldNeverReturnTornRecordsUnderConcurrentOverwrite() throws Exception {
    TelemetryRing ring = new TelemetryRing(16, 32);
    long total = 2_000_000;
    AtomicBoolean done = new AtomicBoolean();
    Thread producer =
        new Thread(
            () -> {
              for (long i = 1; i <= total; i++) {
                write(ring, i);
              }
              done.set(true);
            });
    producer.start();
    double[] out = new double[32];
    long read = 0;
    double last = 0;
    while (!done.get() || ring.written() > read + ring.lost()) {
      if (ring.poll(out)) {
        read++;
        for (int f = 1; f < 32; f++) {
          assertEquals(out[0], out[f], "torn record");
        }
        assertTrue(out[0] > last, "records out of order");
        last = out[0];
      }
    }
    producer.join();
    while (ring.poll(out)) {
      read++;
    }
    assertEquals(total, read + ring.lost(), "every record is either read or counted lost");
    assertEquals(total, (long) last, "the newest record is always delivered");
  }
}
