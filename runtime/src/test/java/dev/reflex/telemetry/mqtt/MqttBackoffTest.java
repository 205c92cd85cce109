package dev.reflex.telemetry.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MqttBackoffTest {
  @Test
  void shouldGrowExponentiallyWithinHalfToFullOfTheCappedDelay() {
    MqttBackoff b = new MqttBackoff(500, 30_000, new SplittableRandom(1));
    long[] caps = {500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000};
    for (long cap : caps) {
      long d = b.nextDelayMs();
      assertTrue(d >= cap / 2 && d <= cap, d + " not in [" + cap / 2 + ", " + cap + "]");
    }
    b.reset();
    assertTrue(b.nextDelayMs() <= 500);
  }

  @Test
  void shouldSpreadDevicesThatLostTheBrokerTogether() {
    long[] firsts = new long[20];
    for (int device = 0; device < 20; device++) {
      MqttBackoff b = new MqttBackoff(1000, 60_000, new SplittableRandom(device));
      b.nextDelayMs();
      b.nextDelayMs();
      firsts[device] = b.nextDelayMs();
    }
    long distinct = java.util.Arrays.stream(firsts).distinct().count();
    assertTrue(distinct >= 15, "jitter spreads reconnects: " + distinct + " distinct of 20");
    long min = java.util.Arrays.stream(firsts).min().orElseThrow();
    long max = java.util.Arrays.stream(firsts).max().orElseThrow();
    assertNotEquals(min, max);
    assertTrue(max - min > 500, "spread " + (max - min) + " ms over a 2-4 s window");
  }

  @Test
  void shouldBeDeterministicForASeed() {
    MqttBackoff a = new MqttBackoff(100, 10_000, new SplittableRandom(42));
    MqttBackoff b = new MqttBackoff(100, 10_000, new SplittableRandom(42));
    for (int i = 0; i < 10; i++) {
      assertEquals(a.nextDelayMs(), b.nextDelayMs());
    }
  }
}
