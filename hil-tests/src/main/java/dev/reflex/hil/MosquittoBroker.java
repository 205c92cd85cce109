package dev.reflex.hil;

import dev.reflex.telemetry.mqtt.EmbeddedBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto on a free loopback port, configured in a scenario's directory: anonymous, or
 * with a password file and an ACL. {@link #kill} sends SIGKILL; {@link #start} brings it back on
 * the same port with the same files. Its log is {@code mosquitto.log}.
 */
public final class MosquittoBroker implements MqttBroker {
  /** {@code mosquitto_passwd}, as Debian installs it. */
  public static final Path PASSWD = Path.of("/usr/bin/mosquitto_passwd");

  private final Path dir;
  private final int port;
  private final Map<String, String> users;
  private final String acl;
  private Process process;
  private int starts;

  private MosquittoBroker(Path dir, Map<String, String> users, String acl) {
    this.dir = dir;
    this.port = EmbeddedBroker.freePort("127.0.0.1");
    this.users = users;
    this.acl = acl;
  }

  /** Anonymous access, no ACL. */
  public static MosquittoBroker anonymous(Path dir) {
    return new MosquittoBroker(dir, Map.of(), null);
  }

  /**
   * Password authentication with {@code users} (name to password) and the ACL text (Mosquitto's
   * acl_file syntax).
   */
  public static MosquittoBroker secured(Path dir, Map<String, String> users, String acl) {
    return new MosquittoBroker(dir, new LinkedHashMap<>(users), acl);
  }

  @Override
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    try {
      Files.createDirectories(dir);
      if (starts == 0) {
        writeFiles();
      }
      starts++;
      process =
          new ProcessBuilder(MOSQUITTO.toString(), "-c", dir.resolve("mosquitto.conf").toString())
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
              .start();
      waitForPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start mosquitto in " + dir, e);
    }
  }

  private void writeFiles() throws IOException {
    List<String> conf = new ArrayList<>();
    conf.add("per_listener_settings false");
    conf.add("persistence false");
    conf.add("user " + System.getProperty("user.name"));
    conf.add("log_dest stdout");
    conf.add("log_type all");
    conf.add("max_queued_messages 10000");
    if (users.isEmpty()) {
      conf.add("allow_anonymous true");
    } else {
      conf.add("allow_anonymous false");
      Path passwd = dir.resolve("passwd");
      Files.deleteIfExists(passwd);
      boolean first = true;
      for (var u : users.entrySet()) {
        run(
            first
                ? List.of(
                    PASSWD.toString(), "-c", "-b", passwd.toString(), u.getKey(), u.getValue())
                : List.of(PASSWD.toString(), "-b", passwd.toString(), u.getKey(), u.getValue()));
        first = false;
      }
      conf.add("password_file " + passwd);
    }
    if (acl != null) {
      Files.writeString(dir.resolve("acl"), acl);
      conf.add("acl_file " + dir.resolve("acl"));
    }
    conf.add("listener " + port + " 127.0.0.1");
    Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n", conf) + "\n");
  }

  private void run(List<String> cmd) throws IOException {
    Path log = dir.resolve("mosquitto-setup.log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", cmd) + " failed: " + Files.readString(log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void waitForPort() throws IOException {
    long end = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        RigProcess.sleepMs(50);
      }
    }
    throw new IllegalStateException("mosquitto did not listen on " + port);
  }

  @Override
  public synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public synchronized boolean running() {
    return process != null && process.isAlive();
  }

  @Override
  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public String kind() {
    return "mosquitto";
  }

  /** The broker's log so far. */
  public String log() {
    try {
      Path f = dir.resolve("mosquitto.log");
      return Files.exists(f) ? Files.readString(f) : "";
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    kill();
  }
}
