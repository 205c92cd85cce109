package dev.reflex.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TelemetryPumpTest {
  record Sent(String subtopic, byte[] payload, int qos, boolean retained) {}

  static final TelemetryMeta META =
      new TelemetryMeta(
          "pendulum",
          List.of(new SignalName("theta_rad", "rad"), new SignalName("omega_rad_s", "rad/s")),
          List.of(new SignalName("torque_nm", "N·m")),
          1000,
          Map.of());

  final List<Sent> sent = new ArrayList<>();

  TelemetryPump pump(TelemetryFeed feed, TelemetryRates rates) {
    return new TelemetryPump(
        META,
        feed,
        rates,
        s -> s.tickCount = 7,
        CommandLimits.defaults(),
        new CommandQueue(4),
        new TelemetryCounters(),
        (t, p, q, r) -> sent.add(new Sent(t, p, q, r)),
        new TelemetryPump.Identity("v", "h"),
        0);
  }

  long count(String subtopic) {
    return sent.stream().filter(s -> s.subtopic().equals(subtopic)).count();
  }

  @ParameterizedTest
  @ValueSource(doubles = {10, 20, 25, 50})
  void shouldDecimateSignalsToTheConfiguredRateBySampleTime(double hz) {
    TelemetryFeed feed = new TelemetryFeed(2, 1, 8192, 8, 8);
    TelemetryPump pump = pump(feed, TelemetryRates.defaults().withSignalRateHz(hz));
    long t0 = 1_700_000_000_000L;
    for (int second = 0; second < 4; second++) { // 4 s of a 1 kHz loop, drained every 100 ms
      for (int chunk = 0; chunk < 10; chunk++) {
        for (int i = 0; i < 100; i++) {
          long ts = t0 + second * 1000L + chunk * 100L + i;
          feed.signals(ts, new double[] {ts, 0}, new double[] {0}, 0);
        }
        pump.runOnce(t0 + second * 1000L + chunk * 100L + 100);
      }
    }
    assertEquals(Math.round(4 * hz), count("telemetry/signals"));
    assertEquals(Math.round(4 * hz), pump.signalsPublished());
  }

  @Test
  void shouldPublishStatsOncePerPeriod() {
    TelemetryFeed feed = new TelemetryFeed(2, 1, 64, 8, 8);
    TelemetryPump pump = pump(feed, TelemetryRates.defaults());
    feed.learning(0, 1, 0, 0, 0, 0, 0, 0, 0, 0, Double.NaN, 0, false);
    for (long now = 0; now < 5000; now += 10) {
      pump.runOnce(now);
    }
    assertEquals(5, count("telemetry/loop"));
    assertEquals(5, count("telemetry/learning"));
  }

  @Test
  void shouldBatchEverySampleAtFullRate() throws Exception {
    TelemetryFeed feed = new TelemetryFeed(2, 1, 8192, 8, 8);
    TelemetryPump pump = pump(feed, TelemetryRates.defaults().withBatchPeriodMs(250));
    int n = 0;
    for (long now = 0; now < 1000; now += 10) {
      for (int i = 0; i < 10; i++, n++) {
        feed.signals(now + i, new double[] {n, -n}, new double[] {0.5}, 1);
      }
      pump.runOnce(now + 10);
    }
    pump.runOnce(2000);
    ObjectMapper json = new ObjectMapper();
    long rows = 0;
    double expect = 0;
    for (Sent s : sent) {
      if (s.subtopic().equals("telemetry/batch")) {
        JsonNode b = json.readTree(s.payload());
        rows += b.get("n").longValue();
        for (JsonNode v : b.get("obs_theta_rad")) {
          assertEquals(expect++, v.doubleValue(), "samples in order, none missing");
        }
        assertTrue(s.payload().length < TelemetryRates.defaults().maxMessageBytes());
      }
    }
    assertEquals(n, rows);
  }

  @Test
  void shouldWriteNonFiniteNumbersAsNull() throws Exception {
    TelemetryFeed feed = new TelemetryFeed(2, 1, 64, 8, 8);
    TelemetryPump pump = pump(feed, TelemetryRates.defaults());
    feed.signals(1, new double[] {Double.NaN, 1}, new double[] {Double.POSITIVE_INFINITY}, 0);
    pump.runOnce(1);
    JsonNode body =
        new ObjectMapper()
            .readTree(
                sent.stream()
                    .filter(s -> s.subtopic().equals("telemetry/signals"))
                    .findFirst()
                    .orElseThrow()
                    .payload());
    assertTrue(body.get("obs_theta_rad").isNull());
    assertTrue(body.get("act_torque_nm").isNull());
  }
}
