package dev.reflex.telemetry;

/**
 * A raw message received on {@code cmd/<name>}, queued by the MQTT client's callback for the
 * telemetry thread to validate.
 *
 * @param name the topic's last level
 * @param payload the body as received
 * @param retained the retain flag as received
 */
public record InboundCommand(String name, byte[] payload, boolean retained) {}
