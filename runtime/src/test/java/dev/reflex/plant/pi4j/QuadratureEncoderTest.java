package dev.reflex.plant.pi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import dev.reflex.testing.Allocations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QuadratureEncoderTest {

  private static final int[][] FORWARD = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};

  private Context context;
  private DigitalInputPin pinA;
  private DigitalInputPin pinB;
  private MockDigitalInput mockA;
  private MockDigitalInput mockB;

  @BeforeEach
  void openPins() {
    context = MockPi4jContexts.pinsOnly();
    pinA = new DigitalInputPin(context, 17, InputPull.UP, 0);
    pinB = new DigitalInputPin(context, 27, InputPull.UP, 0);
    mockA = (MockDigitalInput) pinA.pi4jInput();
    mockB = (MockDigitalInput) pinB.pi4jInput();
  }

  @AfterEach
  void shutdown() {
    context.shutdown();
  }

  /** Drives the mock pins one channel at a time to the Gray state at {@code position}. */
  private void moveTo(int position) {
    int[] s = FORWARD[Math.floorMod(position, 4)];
    mockA.mockState(s[0] == 1 ? DigitalState.HIGH : DigitalState.LOW);
    mockB.mockState(s[1] == 1 ? DigitalState.HIGH : DigitalState.LOW);
  }

  @Test
  void shouldCountForwardAndConvertCountsToAngle() {
    QuadratureEncoder encoder = new QuadratureEncoder(pinA, pinB, 48);

    for (int p = 1; p <= 12; p++) {
      moveTo(p);
    }

    assertEquals(12, encoder.count());
    assertEquals(Math.PI / 2, encoder.angleRad(), 1e-12); // 12 of 48 counts per revolution
    assertEquals(0, encoder.errorCount());
  }

  @Test
  void shouldCountBackwardsBelowZero() {
    QuadratureEncoder encoder = new QuadratureEncoder(pinA, pinB, 400);

    for (int p = 1; p <= 4; p++) {
      moveTo(p);
    }
    for (int p = 3; p >= -6; p--) {
      moveTo(p);
    }

    assertEquals(-6, encoder.count());
    assertEquals(-6 * 2 * Math.PI / 400, encoder.angleRad(), 1e-12);
    assertEquals(0, encoder.errorCount());
  }

  @Test
  void shouldCountAnIllegalTransitionWhenBothChannelsMoveBeforeAnEdgeIsServiced() {
    // B flips inside A's edge, before the encoder services A: registered before the encoder's
    // listener, so Pi4J (listeners in insertion order) runs it first.
    DigitalStateChangeListener bFollowsA =
        event -> {
          if (event.state() == DigitalState.HIGH) {
            mockB.mockState(DigitalState.HIGH);
          }
        };
    mockA.addListener(bFollowsA);
    QuadratureEncoder encoder = new QuadratureEncoder(pinA, pinB, 100);

    mockA.mockState(DigitalState.HIGH); // 00 -> 11 as the decoder sees it
    mockA.removeListener(bFollowsA);

    assertEquals(1, encoder.errorCount());
    assertEquals(0, encoder.count());

    mockA.mockState(DigitalState.LOW); // 11 -> 01: forward, decoding continues from the new state
    assertEquals(1, encoder.count());
    assertEquals(1, encoder.errorCount());
  }

  @Test
  void shouldStartFromTheCurrentLevels() {
    mockA.mockState(DigitalState.HIGH);
    mockB.mockState(DigitalState.HIGH);
    QuadratureEncoder encoder = new QuadratureEncoder(pinA, pinB, 100);

    moveTo(3); // 11 -> 01 forward

    assertEquals(1, encoder.count());
    assertEquals(0, encoder.errorCount());
  }

  @Test
  void shouldNotAllocateWhenTheControlThreadReads() {
    QuadratureEncoder encoder = new QuadratureEncoder(pinA, pinB, 100);
    moveTo(1);
    double[] sink = new double[1];

    Allocations.assertNoAllocationPerCall(
        () -> sink[0] += encoder.angleRad() + encoder.count() + encoder.errorCount());
  }
}
