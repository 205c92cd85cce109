package dev.reflex.hil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A controller config for one scenario, derived from a shipped one (normally {@code
 * firmware-config/controllers/pendulum-hil.yaml}): only what a test must change is changed — the
 * UDP ports, the broker, the device id, the checkpoint directory, the actor path made absolute —
 * and everything else (rates, limits, safety) stays what the board would run.
 */
public final class HilConfig {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final Path source;
  private final ObjectNode root;

  private HilConfig(Path source, ObjectNode root) {
    this.source = source;
    this.root = root;
  }

  /**
   * Reads {@code shipped}; its relative {@code actor} path is resolved against its directory.
   *
   * @throws UncheckedIOException naming the file when it cannot be read
   */
  public static HilConfig from(Path shipped) {
    try {
      JsonNode tree = YAML.readTree(shipped.toFile());
      if (!(tree instanceof ObjectNode o)) {
        throw new IllegalArgumentException(shipped + ": not a YAML mapping");
      }
      HilConfig c = new HilConfig(shipped, o);
      JsonNode actor = o.get("actor");
      if (actor != null && actor.isTextual()) {
        c.set("actor", shipped.toAbsolutePath().getParent().resolve(actor.textValue()).normalize());
      }
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + shipped + ": " + e.getMessage(), e);
    }
  }

  /** The shipped file this config came from. */
  public Path source() {
    return source;
  }

  /**
   * The controller listens for sensor frames on {@code listenPort} and sends actuator frames to
   * {@code peerPort}, both on 127.0.0.1.
   */
  public HilConfig udp(int listenPort, int peerPort) {
    set("plant.udp.listen", "127.0.0.1:" + listenPort);
    return set("plant.udp.peer", "127.0.0.1:" + peerPort);
  }

  /** Telemetry to {@code url} under device id {@code deviceId}. */
  public HilConfig telemetry(String url, String deviceId) {
    set("telemetry.enabled", true);
    set("telemetry.brokers", List.of(url));
    return set("telemetry.device_id", deviceId);
  }

  /** MQTT credentials: a user and a password file (as a board would have them). */
  public HilConfig credentials(String user, Path passwordFile) {
    set("telemetry.username", user);
    return set("telemetry.password_file", passwordFile.toAbsolutePath());
  }

  /** Learning on with checkpoints into {@code dir} every {@code periodS} seconds. */
  public HilConfig learning(boolean enabled, Path checkpointDir, double periodS) {
    set("learning.enabled", enabled);
    set("learning.checkpoint.dir", checkpointDir.toAbsolutePath());
    return set("learning.checkpoint.period_s", periodS);
  }

  /** The value at a dotted path ({@code safety.stale_timeout_ms}), or null. */
  public JsonNode get(String dottedPath) {
    JsonNode n = root;
    for (String k : dottedPath.split("\\.")) {
      n = n == null ? null : n.get(k);
    }
    return n;
  }

  /**
   * Sets a value at a dotted path, creating mappings on the way. Values: String, Number, Boolean,
   * Path (written as a string), List of those, or a JsonNode.
   */
  public HilConfig set(String dottedPath, Object value) {
    String[] keys = dottedPath.split("\\.");
    ObjectNode n = root;
    for (int i = 0; i < keys.length - 1; i++) {
      JsonNode child = n.get(keys[i]);
      n = child instanceof ObjectNode o ? o : n.putObject(keys[i]);
    }
    n.set(keys[keys.length - 1], node(value));
    return this;
  }

  /** Removes the key at a dotted path (nothing when absent). */
  public HilConfig remove(String dottedPath) {
    int dot = dottedPath.lastIndexOf('.');
    JsonNode parent = dot < 0 ? root : get(dottedPath.substring(0, dot));
    if (parent instanceof ObjectNode o) {
      o.remove(dottedPath.substring(dot + 1));
    }
    return this;
  }

  /** Writes the YAML to {@code file} and returns it. */
  public Path write(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      YAML.writeValue(file.toFile(), root);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The YAML text. */
  public String yaml() {
    try {
      return YAML.writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode node(Object v) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (v) {
      case null -> f.nullNode();
      case JsonNode j -> j;
      case String s -> f.textNode(s);
      case Path p -> f.textNode(p.toString());
      case Boolean b -> f.booleanNode(b);
      case Integer i -> f.numberNode(i);
      case Long l -> f.numberNode(l);
      case Number d -> f.numberNode(d.doubleValue());
      case List<?> list -> {
        ArrayNode a = f.arrayNode();
        list.forEach(x -> a.add(node(x)));
        yield a;
      }
      default -> throw new IllegalArgumentException("unsupported config value " + v);
    };
  }
}
