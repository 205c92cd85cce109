package dev.reflex.hil;

import dev.reflex.telemetry.mqtt.EmbeddedBroker;

/**
 * The runtime's embedded Moquette broker in the test JVM, on a free loopback port kept across
 * restarts.
 */
public final class InJvmBroker implements MqttBroker {
  private final EmbeddedBroker broker = EmbeddedBroker.loopback();

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
