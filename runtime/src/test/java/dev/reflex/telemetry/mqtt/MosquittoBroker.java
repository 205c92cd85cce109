package dev.reflex.telemetry.mqtt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Mosquitto for security tests: a password file, an ACL and a TLS listener with a CA and a
 * server certificate generated with the openssl CLI, all on free loopback ports in a temp dir.
 */
final class MosquittoBroker implements AutoCloseable {
  static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
  static final Path PASSWD = Path.of("/usr/bin/mosquitto_passwd");

  final Path dir;
  final int port;
  final int tlsPort;
  private Process process;

  /** Skips the calling test class (recording why) when Mosquitto or openssl is missing. */
  static void assumeInstalled(String testClass) {
    String missing =
        !Files.isExecutable(MOSQUITTO)
            ? MOSQUITTO.toString()
            : !Files.isExecutable(PASSWD) ? PASSWD.toString() : which("openssl") ? null : "openssl";
    if (missing != null) {
      String line =
          testClass + ": skipped, " + missing + " is absent (apt-get install mosquitto openssl)";
      try {
        Path skipped = Path.of("..", "target", "skipped-tests.txt");
        Files.createDirectories(skipped.getParent());
        Files.writeString(
            skipped,
            line + System.lineSeparator(),
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND);
      } catch (IOException e) {
        // the assumption below still reports the skip
      }
      Assumptions.assumeTrue(false, line);
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

  /** The shipped broker config and ACL (firmware-config/deploy/mosquitto). */
  static final Path SHIPPED = Path.of("..", "firmware-config", "deploy", "mosquitto");

  private final boolean shippedClientIdRules;

  /** A broker with the shipped config's client-id and packet-size rules. */
  MosquittoBroker(Path dir) throws Exception {
    this(dir, true);
  }

  /**
   * @param shippedClientIdRules false leaves out {@code use_username_as_clientid} and {@code
   *     max_packet_size} of the shipped config (a broker set up before issue 20)
   */
  MosquittoBroker(Path dir, boolean shippedClientIdRules) throws Exception {
    this.dir = dir;
    this.shippedClientIdRules = shippedClientIdRules;
    this.port = EmbeddedBroker.freePort("127.0.0.1");
    this.tlsPort = EmbeddedBroker.freePort("127.0.0.1");
    makeCertificates();
    run(PASSWD.toString(), "-c", "-b", dir.resolve("passwd").toString(), "device", "device-pw");
    run(PASSWD.toString(), "-b", dir.resolve("passwd").toString(), "dashboard", "dashboard-pw");
    run(PASSWD.toString(), "-b", dir.resolve("passwd").toString(), "operator", "operator-pw");
    Files.writeString(dir.resolve("acl"), acl());
    Files.writeString(dir.resolve("mosquitto.conf"), config());
    process =
        new ProcessBuilder(MOSQUITTO.toString(), "-c", dir.resolve("mosquitto.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("mosquitto.log").toFile())
            .start();
    waitForPort(port);
    waitForPort(tlsPort);
  }

  /** The shipped ACL of docs/telemetry.md for device {@code dev1}. */
  static String acl() throws IOException {
    return Files.readString(SHIPPED.resolve("acl"));
  }

  /** The shipped config's line starting with {@code key} (a rule naming no path or port). */
  static String shippedRule(String key) throws IOException {
    return Files.readAllLines(SHIPPED.resolve("reflex.conf")).stream()
        .filter(l -> l.startsWith(key + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + key + " in the shipped reflex.conf"));
  }

  private String clientIdRule() throws IOException {
    return shippedClientIdRules ? shippedRule("use_username_as_clientid") : "# client ids free";
  }

  private String config() throws IOException {
    return String.join(
        "\n",
        "per_listener_settings false",
        shippedClientIdRules ? shippedRule("max_packet_size") : "# no packet limit",
        "allow_anonymous false",
        "password_file " + dir.resolve("passwd"),
        "acl_file " + dir.resolve("acl"),
        "persistence false",
        "user " + System.getProperty("user.name"),
        "log_dest stdout",
        "listener " + port + " 127.0.0.1",
        clientIdRule(),
        "listener " + tlsPort + " 127.0.0.1",
        clientIdRule(),
        "cafile " + dir.resolve("ca.crt"),
        "certfile " + dir.resolve("server.crt"),
        "keyfile " + dir.resolve("server.key"),
        "");
  }

  private void makeCertificates() throws Exception {
    for (String ca : List.of("ca", "wrong-ca")) {
      run(
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
          "/CN=Reflex test " + ca);
    }
    run(
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
        "/CN=127.0.0.1");
    Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    run(
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
        dir.resolve("server.crt").toString());
  }

  private void run(String... cmd) throws Exception {
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("setup.log").toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", cmd) + " failed: " + Files.readString(dir.resolve("setup.log")));
    }
  }

  private void waitForPort(int p) throws Exception {
    long end = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < end) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", p), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("mosquitto did not listen on " + p);
  }

  String url() {
    return "tcp://127.0.0.1:" + port;
  }

  String tlsUrl() {
    return "ssl://127.0.0.1:" + tlsPort;
  }

  @Override
  public void close() throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
