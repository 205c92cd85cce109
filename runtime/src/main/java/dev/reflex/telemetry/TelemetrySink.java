package dev.reflex.telemetry;

/**
 * Where the telemetry thread sends finished payloads; the MQTT link implements it. Never blocks: a
 * message that cannot be sent or buffered is dropped and counted by the sink.
 */
public interface TelemetrySink {
  /**
   * Sends one message.
   *
   * @param subtopic topic below the device root, e.g. {@code telemetry/loop}
   * @param payload message body; not modified, not retained by the caller afterwards
   * @param qos 0, 1 or 2
   * @param retained whether the broker keeps it as the topic's last value
   * @return false if the message was dropped
   */
  boolean publish(String subtopic, byte[] payload, int qos, boolean retained);
}
