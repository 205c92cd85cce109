package dev.reflex.testing;

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
 * A real Mosquitto for tests, configured in a directory of its own on free loopback ports:
 * anonymous ({@link #anonymous}), with a password file and an ACL ({@link #secured}), or as shipped
 * ({@link #shipped}: the users of docs/telemetry.md, the shipped ACL and client-id rules, and a TLS
 * listener with a CA and a server certificate made with the openssl CLI). {@link #kill} sends
 * SIGKILL; {@link #start} brings it back on the same ports with the same files. Its log is {@code
 * mosquitto.log}. The runtime's security tests and the HIL rig share it (runtime's test-jar).
 */
public final class MosquittoBroker implements AutoCloseable {
  /** Mosquitto's binary, as Debian installs it. */
  public static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");

  /** {@code mosquitto_passwd}, as Debian installs it. */
  public static final Path PASSWD = Path.of("/usr/bin/mosquitto_passwd");

  /** The shipped broker config and ACL (firmware-config/deploy/mosquitto). */
  public static final Path SHIPPED = Path.of("..", "firmware-config", "deploy", "mosquitto");

  private final Path dir;
  private final int port;
  private final int tlsPort;
  private final Map<String, String> users;
  private final String acl;
  private final boolean tls;
  private final boolean shippedClientIdRules;
  private Process process;
  private int starts;

  private MosquittoBroker(
      Path dir, Map<String, String> users, String acl, boolean tls, boolean shippedRules) {
    this.dir = dir;
    this.port = EmbeddedBroker.freePort("127.0.0.1");
    this.tlsPort = tls ? EmbeddedBroker.freePort("127.0.0.1") : -1;
    this.users = new LinkedHashMap<>(users);
    this.acl = acl;
    this.tls = tls;
    this.shippedClientIdRules = shippedRules;
  }

  /** Anonymous access, no ACL. Not started. */
  public static MosquittoBroker anonymous(Path dir) {
    return new MosquittoBroker(dir, Map.of(), null, false, false);
  }

  /**
   * Password authentication with {@code users} (name to password) and the ACL text (Mosquitto's
   * acl_file syntax). Not started.
   */
  public static MosquittoBroker secured(Path dir, Map<String, String> users, String acl) {
    return new MosquittoBroker(dir, users, acl, false, false);
  }

  /**
   * The shipped set-up for device {@code dev1}: users {@code device}, {@code dashboard} and {@code
   * operator} (password {@code <user>-pw}), the shipped ACL, a TLS listener ({@link #tlsUrl}; its
   * CA is {@code ca.crt} in the directory, {@code wrong-ca.crt} another one). Not started.
   *
   * @param shippedClientIdRules false leaves out {@code use_username_as_clientid} and {@code
   *     max_packet_size} of the shipped config (a broker set up before issue 20)
   */
  public static MosquittoBroker shipped(Path dir, boolean shippedClientIdRules) {
    Map<String, String> users = new LinkedHashMap<>();
    users.put("device", "device-pw");
    users.put("dashboard", "dashboard-pw");
    users.put("operator", "operator-pw");
    try {
      return new MosquittoBroker(dir, users, shippedAcl(), true, shippedClientIdRules);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Skips the calling test class (recording why) when Mosquitto or openssl is missing. */
  public static void assumeInstalled(String testClass) {
    String missing =
        !Files.isExecutable(MOSQUITTO)
            ? MOSQUITTO.toString()
            : !Files.isExecutable(PASSWD) ? PASSWD.toString() : which("openssl") ? null : "openssl";
    if (missing != null) {
      String line =
          testClass + ": skipped, " + missing + " is absent (apt-get install mosquitto openssl)";
      SkippedTests.skip(line);
    }
  }

  private static boolean which(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }

  /** The shipped ACL of docs/telemetry.md for device {@code dev1}. */
  public static String shippedAcl() throws IOException {
    return Files.readString(SHIPPED.resolve("acl"));
  }

  /** The shipped config's line starting with {@code key} (a rule naming no path or port). */
  public static String shippedRule(String key) throws IOException {
    return Files.readAllLines(SHIPPED.resolve("reflex.conf")).stream()
        .filter(l -> l.startsWith(key + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + key + " in the shipped reflex.conf"));
  }

  /** Starts it (or again, on the same ports with the same files, after {@link #kill}). */
  public synchronized MosquittoBroker start() {
    if (process != null && process.isAlive()) {
      return this;
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
      waitForPort(port);
      if (tls) {
        waitForPort(tlsPort);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start mosquitto in " + dir, e);
    }
    return this;
  }

  private void writeFiles() throws IOException {
    if (tls) {
      makeCertificates();
    }
    List<String> conf = new ArrayList<>();
    conf.add("per_listener_settings false");
    conf.add("persistence false");
    conf.add("user " + System.getProperty("user.name"));
    conf.add("log_dest stdout");
    conf.add("log_type all");
    conf.add("max_queued_messages 10000");
    if (shippedClientIdRules) {
      conf.add(shippedRule("max_packet_size"));
    }
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
    String clientIds =
        shippedClientIdRules ? shippedRule("use_username_as_clientid") : "# client ids free";
    conf.add("listener " + port + " 127.0.0.1");
    conf.add(clientIds);
    if (tls) {
      conf.add("listener " + tlsPort + " 127.0.0.1");
      conf.add(clientIds);
      conf.add("cafile " + dir.resolve("ca.crt"));
      conf.add("certfile " + dir.resolve("server.crt"));
      conf.add("keyfile " + dir.resolve("server.key"));
    }
    Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n", conf) + "\n");
  }

  private void makeCertificates() throws IOException {
    for (String ca : List.of("ca", "wrong-ca")) {
      run(
          List.of(
              "openssl",
              "req",
              "-x509",
              "-newkey",
              "rsa:2048",
              "-nodes",
              "-days",
              "2",
              "-keyout",
              dir.resolve(ca + ".key").toString(),
              "-out",
              dir.resolve(ca + ".crt").toString(),
              "-subj",
              "/CN=Reflex test " + ca));
    }
    run(
        List.of(
            "openssl",
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            dir.resolve("server.key").toString(),
            "-out",
            dir.resolve("server.csr").toString(),
            "-subj",
            "/CN=127.0.0.1"));
    Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    run(
        List.of(
            "openssl",
            "x509",
            "-req",
            "-in",
            dir.resolve("server.csr").toString(),
            "-CA",
            dir.resolve("ca.crt").toString(),
            "-CAkey",
            dir.resolve("ca.key").toString(),
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            dir.resolve("san.ext").toString(),
            "-out",
            dir.resolve("server.crt").toString()));
  }

  private void run(List<String> cmd) throws IOException {
    Path log = dir.resolve("mosquitto-setup.log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", cmd) + " failed: " + Files.readString(log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void waitForPort(int p) throws IOException {
    long end = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IllegalStateException("mosquitto exited: " + log());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", p), 200);
        return;
      } catch (IOException e) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", ie);
        }
      }
    }
    throw new IllegalStateException("mosquitto did not listen on " + p);
  }

  /** Stops it abruptly (SIGKILL). */
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

  /** True while running. */
  public synchronized boolean running() {
    return process != null && process.isAlive();
  }

  /** {@code tcp://127.0.0.1:<port>}. */
  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  /** {@code ssl://127.0.0.1:<port>} ({@link #shipped} only). */
  public String tlsUrl() {
    if (!tls) {
      throw new IllegalStateException("this broker has no TLS listener");
    }
    return "ssl://127.0.0.1:" + tlsPort;
  }

  /** The directory holding the config, the password file, the certificates and the log. */
  public Path dir() {
    return dir;
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

  /** Stops it: SIGTERM, SIGKILL after 5 s. */
  @Override
  public synchronized void close() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
