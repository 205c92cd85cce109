package dev.reflex.plant.pi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import dev.reflex.plant.PlantStatus;
import dev.reflex.testing.Allocations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HBridgeTest {

  @TempDir Path dir;
  private FakePwmSysfs sysfs;
  private Context context;

  @BeforeEach
  void openContext() {
    sysfs = new FakePwmSysfs(dir, 0, 2);
    context = MockPi4jContexts.create(sysfs, 0);
  }

  @AfterEach
  void shutdown() {
    context.shutdown();
  }

  private HardwarePwm pwm() {
    return new HardwarePwm(context, dir.toString(), 0, 0, 20_000);
  }

  private long dutyNs() {
    return sysfs.read(0, 0, "duty_cycle");
  }

  @Test
  void shouldDriveVoltsAsDutyOfTheSupplyWithDirection() {
    DigitalOutputPin dir = new DigitalOutputPin(context, 5, false);
    HBridge bridge = HBridge.phaseEnable(pwm(), dir, 12.0, 0.1);

    assertEquals(PlantStatus.OK, bridge.setVolts(6.0));
    assertEquals(25_000, dutyNs());
    assertTrue(dir.isHigh());
    assertEquals(1, bridge.direction());

    bridge.setVolts(-3.0);
    assertEquals(12_500, dutyNs());
    assertFalse(dir.isHigh());
    assertEquals(-1, bridge.direction());

    bridge.setFraction(-2.0); // clamped to full reverse
    assertEquals(50_000, dutyNs());
  }

  @Test
  void shouldStopInsideTheDeadband() {
    DigitalOutputPin dir = new DigitalOutputPin(context, 5, false);
    HBridge bridge = HBridge.phaseEnable(pwm(), dir, 12.0, 0.5);
    bridge.setVolts(4.0);

    bridge.setVolts(0.4);

    assertEquals(0, dutyNs());
    assertEquals(0, bridge.direction());
    bridge.setVolts(-0.6);
    assertEquals(2_500, dutyNs());
    bridge.setVolts(Double.NaN);
    assertEquals(0, dutyNs());
  }

  @Test
  void shouldNeverSwitchDirectionUnderLoadNorDriveBothInputsHigh() {
    DigitalOutputPin in1 = new DigitalOutputPin(context, 5, false);
    DigitalOutputPin in2 = new DigitalOutputPin(context, 6, false);
    List<String> violations = new ArrayList<>();
    for (DigitalOutputPin pin : List.of(in1, in2)) {
      pin.pi4jOutput()
          .addListener(
              event -> {
                if (dutyNs() != 0) {
                  violations.add("pin " + pin.bcm() + " changed at duty " + dutyNs());
                }
                if (in1.pi4jOutput().isHigh() && in2.pi4jOutput().isHigh()) {
                  violations.add("IN1 and IN2 both high");
                }
              });
    }
    HBridge bridge = HBridge.twoInputs(pwm(), in1, in2, 24.0, 0.0);

    for (double volts : new double[] {12, -12, 24, -1, 1, 0, -24, 6}) {
      bridge.setVolts(volts);
    }

    assertEquals(List.of(), violations);
    assertTrue(in1.isHigh());
    assertFalse(in2.isHigh());
    assertEquals(12_500, dutyNs());
  }

  @Test
  void shouldStopSafelyWithZeroDutyAndBothInputsLow() {
    DigitalOutputPin in1 = new DigitalOutputPin(context, 5, false);
    DigitalOutputPin in2 = new DigitalOutputPin(context, 6, false);
    HBridge bridge = HBridge.twoInputs(pwm(), in1, in2, 12.0, 0.0);
    bridge.setVolts(-7.0);

    assertEquals(PlantStatus.OK, bridge.stop());

    assertEquals(0, dutyNs());
    assertFalse(in1.isHigh());
    assertFalse(in2.isHigh());
    assertEquals(0, bridge.direction());
  }

  @Test
  void shouldRejectADeadbandAsLargeAsTheSupply() {
    DigitalOutputPin dir = new DigitalOutputPin(context, 5, false);
    HardwarePwm pwm = pwm();
    assertThrows(IllegalArgumentException.class, () -> HBridge.phaseEnable(pwm, dir, 12, 12));
  }

  @Test
  void shouldNotAllocateWhenDriven() {
    HBridge bridge = HBridge.phaseEnable(pwm(), new DigitalOutputPin(context, 5, false), 12.0, 0.1);
    double[] volts = {0};

    Allocations.assertNoAllocationPerCall(
        () -> bridge.setVolts(volts[0] = volts[0] > 12 ? -12 : volts[0] + 0.37));
  }
}
