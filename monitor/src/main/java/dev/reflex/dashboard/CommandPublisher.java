package dev.reflex.dashboard;

/**
 * Sends a validated command body to a device's {@code cmd/<name>} topic with the monitor's own MQTT
 * credentials (QoS 1, not retained). Implemented over the monitor's MQTT client by the composition
 * root, so this package needs no MQTT types.
 */
@FunctionalInterface
public interface CommandPublisher {
  /**
   * Publishes and waits for the broker's acknowledgement.
   *
   * @param device a validated device id
   * @param name a validated command name
   * @param body the command's JSON body; not modified
   * @return the broker's reason code: below 0x80 delivered, 0x80 and above refused (0x87: not
   *     authorised by the broker's ACL)
   * @throws Exception when not connected or the broker did not answer in time
   */
  int publish(String device, String name, byte[] body) throws Exception;
}
