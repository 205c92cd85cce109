package dev.reflex.hil;

import dev.reflex.testing.MosquittoBroker;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real MQTT broker of a scenario: Mosquitto when it is installed, else the embedded Moquette
 * broker in the test JVM. Either can be stopped and started again on the same port (the
 * broker-restart scenario).
 */
public interface MqttBroker extends AutoCloseable {
  /** Mosquitto's binary, as Debian installs it. */
  Path MOSQUITTO = MosquittoBroker.MOSQUITTO;

  /** Starts (or restarts on the same port). */
  void start();

  /** Stops abruptly: Mosquitto is killed (SIGKILL), Moquette shut down. */
  void kill();

  /** True while running. */
  boolean running();

  /** {@code tcp://127.0.0.1:<port>}. */
  String url();

  /** {@code mosquitto} or {@code moquette (embedded)}. */
  String kind();

  @Override
  void close();

  /** True when {@code /usr/sbin/mosquitto} is installed. */
  static boolean mosquittoInstalled() {
    return Files.isExecutable(MOSQUITTO);
  }

  /** Mosquitto (anonymous, loopback) when installed, else the embedded broker; started. */
  static MqttBroker startAny(Path dir) {
    MqttBroker b = mosquittoInstalled() ? MosquittoRigBroker.anonymous(dir) : new InJvmBroker();
    b.start();
    return b;
  }
}
