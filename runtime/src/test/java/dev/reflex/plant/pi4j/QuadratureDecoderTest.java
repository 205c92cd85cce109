package dev.reflex.plant.pi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reflex.testing.Allocations;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuadratureDecoderTest {

  /** Forward Gray sequence of (A, B): 00, 10, 11, 01. */
  private static final int[][] FORWARD = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};

  @Test
  void shouldCountFourPerCycleForward() {
    QuadratureDecoder decoder = new QuadratureDecoder(0, 0);
    for (int cycle = 0; cycle < 3; cycle++) {
      for (int step = 1; step <= 4; step++) {
        int[] s = FORWARD[step % 4];
        decoder.update(s[0], s[1]);
      }
    }
    assertEquals(12, decoder.count());
    assertEquals(0, decoder.errorCount());
  }

  @Test
  void shouldCountDownInReverse() {
    QuadratureDecoder decoder = new QuadratureDecoder(0, 0);
    for (int step = 1; step <= 10; step++) {
      int[] s = FORWARD[Math.floorMod(-step, 4)];
      decoder.update(s[0], s[1]);
    }
    assertEquals(-10, decoder.count());
    assertEquals(0, decoder.errorCount());
  }

  @Test
  void shouldCountIllegalDoubleTransitionsWithoutMovingTheCount() {
    QuadratureDecoder decoder = new QuadratureDecoder(0, 0);
    decoder.update(1, 0); // +1
    decoder.update(0, 1); // 10 -> 01: both channels changed
    assertEquals(1, decoder.count());
    assertEquals(1, decoder.errorCount());
    assertEquals(0b01, decoder.state());

    decoder.update(0, 0); // 01 -> 00 forward again from the new state
    assertEquals(2, decoder.count());
  }

  @Test
  void shouldIgnoreRepeatedLevels() {
    QuadratureDecoder decoder = new QuadratureDecoder(1, 1);
    decoder.update(1, 1);
    decoder.update(1, 1);
    assertEquals(0, decoder.count());
    assertEquals(0, decoder.errorCount());
  }

  @Test
  void shouldTrackARandomWalkExactly() {
    Random random = new Random(7);
    QuadratureDecoder decoder = new QuadratureDecoder(0, 0);
    int position = 0;
    for (int i = 0; i < 100_000; i++) {
      position += random.nextBoolean() ? 1 : -1;
      int[] s = FORWARD[Math.floorMod(position, 4)];
      decoder.update(s[0], s[1]);
    }
    assertEquals(position, decoder.count());
  }

  @Test
  void shouldNotAllocate() {
    QuadratureDecoder decoder = new QuadratureDecoder(0, 0);
    int[] step = {0};

    Allocations.assertNoAllocationPerCall(
        () -> {
          int[] s = FORWARD[step[0]++ & 3];
          decoder.update(s[0], s[1]);
          decoder.count();
        });
  }
}
