package dev.reflex.plant.pi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import dev.reflex.testing.Allocations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DigitalInputPinTest {

  private final Context context = MockPi4jContexts.pinsOnly();

  @AfterEach
  void shutdown() {
    context.shutdown();
  }

  @Test
  void shouldReadThePinLevel() {
    DigitalInputPin pin = new DigitalInputPin(context, 4, InputPull.DOWN, 1000);
    MockDigitalInput mock = (MockDigitalInput) pin.pi4jInput();

    assertEquals(0, pin.level());
    mock.mockState(DigitalState.HIGH);
    assertEquals(1, pin.level());
    mock.mockState(DigitalState.LOW);
    assertEquals(0, pin.level());
  }

  @Test
  void shouldConfigurePullAndDebounce() {
    DigitalInputPin pin = new DigitalInputPin(context, 22, InputPull.UP, 0);

    assertEquals(PullResistance.PULL_UP, pin.pi4jInput().pull());
    assertEquals(0L, pin.pi4jInput().config().debounce());
    assertEquals(22, pin.bcm());
  }

  @Test
  void shouldRejectANegativeDebounce() {
    assertThrows(
        IllegalArgumentException.class, () -> new DigitalInputPin(context, 4, InputPull.OFF, -1));
  }

  @Test
  void shouldNotAllocateWhenPolled() {
    DigitalInputPin pin = new DigitalInputPin(context, 25, InputPull.OFF, 0);
    ((MockDigitalInput) pin.pi4jInput()).mockState(DigitalState.HIGH);
    int[] sum = {0};

    Allocations.assertNoAllocationPerCall(() -> sum[0] += pin.level());
  }
}
