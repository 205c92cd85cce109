package dev.reflex.plant.pi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.pi4j.context.Context;
import dev.reflex.plant.PlantStatus;
import dev.reflex.testing.Allocations;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardwarePwmTest {

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

  @Test
  void shouldEnableTheChannelAtZeroDutyWithThePeriodOfTheFrequency() {
    HardwarePwm pwm = new HardwarePwm(context, dir.toString(), 0, 1, 20_000);

    assertEquals(50_000, sysfs.read(0, 1, "period"));
    assertEquals(50_000, pwm.periodNs());
    assertEquals(1, sysfs.read(0, 1, "enable"));
    assertEquals(0, sysfs.read(0, 1, "duty_cycle"));
  }

  @Test
  void shouldWriteTheDutyInNanosecondsFinerThanPi4jsPercent() {
    HardwarePwm pwm = new HardwarePwm(context, dir.toString(), 0, 0, 20_000);

    assertEquals(PlantStatus.OK, pwm.setDuty(0.123456));
    assertEquals(6173, sysfs.read(0, 0, "duty_cycle")); // 0.123456 * 50000 ns

    pwm.setDuty(0.12347); // one Pi4J percent step is 500 ns here; this moves 1 ns
    assertEquals(6174, sysfs.read(0, 0, "duty_cycle"));
    assertEquals(6174, pwm.dutyNs());
  }

  @Test
  void shouldClampTheDutyAndTreatNanAsZero() {
    HardwarePwm pwm = new HardwarePwm(context, dir.toString(), 0, 0, 1000);

    pwm.setDuty(1.5);
    assertEquals(1_000_000, sysfs.read(0, 0, "duty_cycle"));
    pwm.setDuty(-0.2);
    assertEquals(0, sysfs.read(0, 0, "duty_cycle"));
    pwm.setDuty(0.75);
    pwm.setDuty(Double.NaN);
    assertEquals(0, sysfs.read(0, 0, "duty_cycle"));
  }

  @Test
  void shouldGoToZeroDutyWhenOff() {
    HardwarePwm pwm = new HardwarePwm(context, dir.toString(), 0, 0, 1000);
    pwm.setDuty(0.9);

    assertEquals(PlantStatus.OK, pwm.off());

    assertEquals(0, sysfs.read(0, 0, "duty_cycle"));
    assertEquals(0, pwm.dutyNs());
  }

  @Test
  void shouldRejectAnOutOfRangeFrequency() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new HardwarePwm(context, dir.toString(), 0, 0, 0));
    assertEquals("pwm frequencyHz 0 out of range: allowed 1..50000000", e.getMessage());
  }

  @Test
  void shouldNotAllocateWhenSettingTheDuty() {
    HardwarePwm pwm = new HardwarePwm(context, dir.toString(), 0, 0, 20_000);
    double[] duty = {0};

    Allocations.assertNoAllocationPerCall(
        () -> pwm.setDuty(duty[0] = duty[0] > 1 ? 0 : duty[0] + 0.001));
  }
}
