package dev.reflex.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflex.monitor.MonitorSubscriber;
import dev.reflex.telemetry.CommandLimits;

/**
 * What {@code monitor --http} wires, on a real broker: a simulated device publishing real
 * telemetry, the monitor's MQTT subscriber, and the dashboard fed by it, commands published through
 * the subscriber's own connection.
 */
final class DashboardRig implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final SimulatedDevice device;
  final MonitorSubscriber subscriber;
  final Dashboard dashboard;

  /**
   * @param deviceId the simulated device to start, or null to watch devices started elsewhere
   */
  DashboardRig(String brokerUrl, String deviceId, HttpBinding binding) throws Exception {
    MonitorSubscriber[] sub = new MonitorSubscriber[1];
    dashboard =
        new Dashboard(
            binding,
            (d, name, body) -> sub[0].publishCommand(d, name, body, 5000),
            CommandLimits.defaults(),
            30_000);
    subscriber =
        new MonitorSubscriber(
            brokerUrl,
            null,
            null,
            null,
            null,
            m -> {
              try {
                JsonNode body = JSON.readTree(m.payload());
                if (body != null && body.isObject()) {
                  dashboard.accept(m.device(), m.kind(), body);
                }
              } catch (java.io.IOException e) {
                // not JSON: ignored, as the monitor does
              }
            },
            status -> {});
    if (!subscriber.awaitSubscribed(10_000)) {
      throw new IllegalStateException("monitor did not subscribe to " + brokerUrl);
    }
    sub[0] = subscriber;
    dashboard.start();
    device = deviceId == null ? null : new SimulatedDevice(brokerUrl, deviceId).start();
  }

  @Override
  public void close() {
    if (device != null) {
      device.close();
    }
    dashboard.close();
    subscriber.close();
  }
}
