package dev.reflex.telemetry.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reflex.telemetry.CommandLimits;
import dev.reflex.telemetry.TelemetryRates;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TelemetryOptionsTest {
  private final TelemetryOptions base =
      TelemetryOptions.of("tcp://127.0.0.1:1883", "dev1")
          .withCredentials("u", "p")
          .withTls(Path.of("ca.pem"), Path.of("c.pem"), Path.of("k.pem"));

  @Test
  void shouldChangeOnlyWhatEachWitherNames() {
    TelemetryOptions o = base.withClientId("other");
    assertEquals("other", o.clientId());
    assertEquals(
        new TelemetryOptions(
            base.brokerUris(),
            "other",
            base.deviceId(),
            base.root(),
            base.rates(),
            base.commandLimits(),
            base.commandQueueCapacity(),
            base.offlineBufferMessages(),
            base.reconnectMinMs(),
            base.reconnectMaxMs(),
            base.keepAliveS(),
            "u",
            "p",
            Path.of("ca.pem"),
            Path.of("c.pem"),
            Path.of("k.pem")),
        o);
    TelemetryOptions r = base.withReconnect(7, 70, 9);
    assertEquals(7, r.reconnectMinMs());
    assertEquals(70, r.reconnectMaxMs());
    assertEquals(9, r.offlineBufferMessages());
    assertEquals(base.withReconnect(base.reconnectMinMs(), base.reconnectMaxMs(), 1000), base);
    TelemetryRates rates = TelemetryRates.defaults();
    CommandLimits limits = CommandLimits.defaults();
    assertEquals(base, base.withRates(rates).withCommandLimits(limits));
    assertEquals("reflex/dev1/", base.withClientId("x").root());
  }

  @Test
  void shouldValidateTheCopyAgain() {
    assertThrows(IllegalArgumentException.class, () -> base.withReconnect(10, 5, 1));
  }
}
