package dev.reflex.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflex.telemetry.CommandLimits;
import java.io.IOException;
import java.net.URI;

/**
 * The web dashboard of the laptop-side monitor: a {@link DashboardFeed} fed with the telemetry the
 * monitor receives, a {@link CommandGate} publishing commands through the monitor's MQTT client,
 * and the {@link DashboardServer} serving both to browsers. Nothing runs on the robot.
 *
 * <pre>{@code
 * Dashboard d = new Dashboard(HttpBinding.parse(":8080", null, null),
 *     (device, name, body) -> subscriber.publishCommand(device, name, body, 5000),
 *     CommandLimits.defaults(), 30_000).start();
 * // in the MQTT listener:
 * d.accept(message.device(), message.kind(), body);
 * }</pre>
 *
 * <p>Threading: {@link #accept} from any thread; {@link #start} and {@link #close} from the owner.
 */
public final class Dashboard implements AutoCloseable {
  private final DashboardFeed feed;
  private final CommandGate gate;
  private final DashboardServer server;

  /**
   * Wires a dashboard.
   *
   * @param binding where to listen
   * @param publisher sends commands with the monitor's credentials, or null for read-only
   * @param limits numeric ranges commands must respect
   * @param commandTtlMs validity of a sent command ({@code expires = now + commandTtlMs})
   */
  public Dashboard(
      HttpBinding binding, CommandPublisher publisher, CommandLimits limits, long commandTtlMs) {
    this.feed = DashboardFeed.withDefaults();
    this.gate =
        publisher == null
            ? null
            : new CommandGate(limits, commandTtlMs, publisher, System::currentTimeMillis);
    this.server = new DashboardServer(binding, feed, gate);
  }

  /** Starts listening. */
  public Dashboard start() throws IOException {
    server.start();
    return this;
  }

  /**
   * Takes one telemetry message (see {@link DashboardFeed#accept}).
   *
   * @param device device id from the topic
   * @param kind topic kind
   * @param body parsed JSON object; not modified
   */
  public void accept(String device, String kind, JsonNode body) {
    String command = null;
    if (kind.equals("ack") && body != null && body.path("id").isTextual()) {
      command = server.commandOf(body.path("id").textValue());
    }
    feed.accept(device, kind, body, command);
  }

  /** The page's address. */
  public URI url() {
    return server.url();
  }

  /** The feed (frames taken, browsers connected). */
  public DashboardFeed feed() {
    return feed;
  }

  /** Stops serving and ends every event stream. */
  @Override
  public void close() {
    server.close();
  }
}
