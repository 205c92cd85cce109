package dev.reflex.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A JSON Schema document (draft 2020-12 subset) read from the runtime's resources. The build copies
 * {@code firmware-config/schema/*.schema.json} into {@code dev/reflex/config/schema/} of the jar,
 * so the file in the repository is the one the validator reads.
 */
final class JsonSchema {
  /** Resource folder the build copies the schemas into. */
  static final String RESOURCE_DIR = "/dev/reflex/config/schema/";

  private final String name;
  private final JsonNode root;

  private JsonSchema(String name, JsonNode root) {
    this.name = name;
    this.root = root;
  }

  /** Loads {@code name} (e.g. {@code controller.schema.json}) from the classpath. */
  static JsonSchema load(String name) {
    try (InputStream in = JsonSchema.class.getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "schema " + RESOURCE_DIR + name + " missing from the classpath (build problem)");
      }
      return new JsonSchema(name, new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema " + name, e);
    }
  }

  /** The schema file name. */
  String name() {
    return name;
  }

  /** The root schema. */
  JsonNode root() {
    return root;
  }

  /** Follows {@code $ref} (local {@code #/...} pointers only) until a concrete schema. */
  JsonNode resolve(JsonNode schema) {
    JsonNode s = schema;
    for (int hops = 0; s.has("$ref"); hops++) {
      String ref = s.get("$ref").asText();
      if (!ref.startsWith("#") || hops > 32) {
        throw new IllegalStateException("unsupported $ref " + ref + " in " + name);
      }
      JsonNode target = root.at(ref.substring(1));
      if (target.isMissingNode()) {
        throw new IllegalStateException("dangling $ref " + ref + " in " + name);
      }
      s = target;
    }
    return s;
  }
}
