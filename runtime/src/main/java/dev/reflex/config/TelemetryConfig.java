package dev.reflex.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * MQTT telemetry and commands.
 *
 * @param enabled publish and accept commands
 * @param brokers broker URLs in order; empty = start the embedded broker
 * @param embeddedPort port of the embedded broker (0 = any free port)
 * @param deviceId device id in topics (defaults to the controller name)
 * @param clientId MQTT client id (defaults to {@code reflex-<deviceId>})
 * @param root topic root ending in '/' (defaults to {@code reflex/<deviceId>/})
 * @param loopHz loop statistics publish rate
 * @param signalsHz decimated signal publish rate, 10..50
 * @param learningHz learner statistics publish rate
 * @param qos QoS of telemetry messages
 * @param tls TLS settings, empty for plain TCP
 * @param username MQTT user name
 * @param password where the password comes from
 * @param maxMessageBytes largest message published or accepted
 */
public record TelemetryConfig(
    boolean enabled,
    List<String> brokers,
    int embeddedPort,
    String deviceId,
    String clientId,
    String root,
    double loopHz,
    double signalsHz,
    double learningHz,
    int qos,
    Optional<Tls> tls,
    Optional<String> username,
    Password password,
    int maxMessageBytes) {

  /** TLS files, resolved against the config file's directory. */
  public record Tls(Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile) {}

  /**
   * Where the MQTT password comes from. Read it with {@link #read()} at connect time, never log it.
   *
   * @param source NONE, FILE (value = path), ENV (value = variable name) or INLINE (value = the
   *     password, only with {@code allow_inline_password: true})
   */
  public record Password(Source source, String value) {
    /** Where a password comes from. */
    public enum Source {
      NONE,
      FILE,
      ENV,
      INLINE
    }

    /** The password, or empty when there is none or the variable/file is missing. */
    public Optional<char[]> read() {
      try {
        return switch (source) {
          case NONE -> Optional.empty();
          case INLINE -> Optional.of(value.toCharArray());
          case ENV -> Optional.ofNullable(System.getenv(value)).map(String::toCharArray);
          case FILE ->
              java.nio.file.Files.readAllLines(Path.of(value)).stream()
                  .findFirst()
                  .map(String::toCharArray);
        };
      } catch (java.io.IOException e) {
        return Optional.empty();
      }
    }

    @Override
    public String toString() {
      return source == Source.INLINE
          ? "Password[INLINE]"
          : "Password[" + source + " " + value + "]";
    }
  }
}
