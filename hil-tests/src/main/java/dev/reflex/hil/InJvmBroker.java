package dev.reflex.hil;

import dev.reflex.telemetry.mqtt.EmbeddedBroker;

/**
 * The runtime's embedded Moquette broker in the test JVM, on a free loopback port kept across
 * restarts.
 */
public final class InJvmBroker implements MqttBroker {
  private final EmbeddedBroker broker;

  /** On a loopback port chosen at the first start. */
  public InJvmBroker() {
    this(EmbeddedBroker.loopback());
  }

  private InJvmBroker(EmbeddedBroker broker) {
    this.broker = broker;
  }

  /** On a free loopback port chosen now, so its URL is known before it starts. */
  public static InJvmBroker onFreePort() {
    return new InJvmBroker(
        new EmbeddedBroker(
            "127.0.0.1",
            EmbeddedBroker.freePort("127.0.0.1"),
            EmbeddedBroker.DEFAULT_MAX_MESSAGE_BYTES));
  }

  @Override
  public void start() {
    broker.start();
  }

  @Override
  public void kill() {
    broker.stop();
  }

  @Override
  public boolean running() {
    return broker.running();
  }

  @Override
  public String url() {
    return broker.url();
  }

  @Override
  public String kind() {
    return "moquette (embedded)";
  }

  @Override
  public void close() {
    broker.close();
  }
}
