package dev.reflex.hil;

import dev.reflex.testing.MosquittoBroker;
import java.nio.file.Path;
import java.util.Map;

/**
 * The shared test {@link MosquittoBroker} (runtime's test-jar) as a scenario's {@link MqttBroker}:
 * anonymous, or with a password file and an ACL, in a scenario's directory. {@link #kill} sends
 * SIGKILL; {@link #start} brings it back on the same port with the same files.
 */
public final class MosquittoRigBroker implements MqttBroker {
  private final MosquittoBroker broker;

  private MosquittoRigBroker(MosquittoBroker broker) {
    this.broker = broker;
  }

  /** Anonymous access, no ACL. Not started. */
  public static MosquittoRigBroker anonymous(Path dir) {
    return new MosquittoRigBroker(MosquittoBroker.anonymous(dir));
  }

  /** Password authentication with {@code users} (name to password) and the ACL text. */
  public static MosquittoRigBroker secured(Path dir, Map<String, String> users, String acl) {
    return new MosquittoRigBroker(MosquittoBroker.secured(dir, users, acl));
  }

  @Override
  public void start() {
    broker.start();
  }

  @Override
  public void kill() {
    broker.kill();
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
    return "mosquitto";
  }

  /** The broker's log so far. */
  public String log() {
    return broker.log();
  }

  @Override
  public void close() {
    broker.kill();
  }
}
