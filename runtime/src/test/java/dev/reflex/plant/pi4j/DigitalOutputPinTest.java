package dev.reflex.plant.pi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import dev.reflex.plant.PlantStatus;
import dev.reflex.testing.Allocations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DigitalOutputPinTest {

  private final Context context = MockPi4jContexts.pinsOnly();

  @AfterEach
  void shutdown() {
    context.shutdown();
  }

  @Test
  void shouldStartAtTheSafeLevel() {
    DigitalOutputPin low = new DigitalOutputPin(context, 5, false);
    DigitalOutputPin high = new DigitalOutputPin(context, 6, true);

    assertEquals(DigitalState.LOW, low.pi4jOutput().state());
    assertEquals(DigitalState.HIGH, high.pi4jOutput().state());
  }

  @Test
  void shouldDriveThePinAndReturnToTheSafeLevel() {
    DigitalOutputPin pin = new DigitalOutputPin(context, 23, false);

    assertEquals(PlantStatus.OK, pin.set(true));
    assertEquals(DigitalState.HIGH, pin.pi4jOutput().state());
    assertTrue(pin.isHigh());

    assertEquals(PlantStatus.OK, pin.safe());
    assertEquals(DigitalState.LOW, pin.pi4jOutput().state());
    assertFalse(pin.isHigh());
    assertEquals(23, pin.bcm());
  }

  @Test
  void shouldRejectANegativePinNumber() {
    assertThrows(IllegalArgumentException.class, () -> new DigitalOutputPin(context, -1, false));
  }

  @Test
  void shouldNotAllocateWhenSwitching() {
    DigitalOutputPin pin = new DigitalOutputPin(context, 24, false);
    boolean[] level = {false};

    Allocations.assertNoAllocationPerCall(() -> pin.set(level[0] = !level[0]));
  }
}
