package dev.reflex.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An immutable safetensors file in memory: named tensors in data-section order plus the optional
 * {@code __metadata__} string map.
 *
 * <p>Layout (the published safetensors format): an 8-byte little-endian unsigned header length N; N
 * bytes of UTF-8 JSON mapping each tensor name to {@code {"dtype", "shape", "data_offsets": [begin,
 * end]}} (offsets relative to the data section) plus optional {@code "__metadata__"}; then the data
 * section, fully covered by the tensors, little-endian, row-major. The writer pads the header with
 * spaces to a multiple of 8 bytes and lays tensors out in the order they were added.
 *
 * <p>Reading validates everything ({@link SafetensorsFormatException} names the file and the
 * problem); see {@link SafetensorsParser}.
 */
public final class Safetensors {
  /** The reserved header key holding string metadata. */
  public static final String METADATA_KEY = "__metadata__";

  static final ObjectMapper JSON = new ObjectMapper();

  private final String source;
  private final Map<String, Tensor> tensors;
  private final Map<String, String> metadata;

  Safetensors(String source, LinkedHashMap<String, Tensor> tensors, Map<String, String> metadata) {
    this.source = source;
    this.tensors = Collections.unmodifiableMap(tensors);
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** Reads and validates {@code file}. */
  public static Safetensors read(Path file) throws IOException {
    return SafetensorsParser.read(file);
  }

  /**
   * Parses and validates a whole file held in memory.
   *
   * @param source names the bytes in error messages (usually the file name).
   */
  public static Safetensors parse(byte[] bytes, String source) throws SafetensorsFormatException {
    return SafetensorsParser.parse(bytes, source);
  }

  /** A builder for a new file; tensors are laid out in the order they are put. */
  public static Builder builder() {
    return new Builder();
  }

  /** Where this was read from (a path), or {@code "<memory>"} for a built one. */
  public String source() {
    return source;
  }

  /** Tensor names, in data-section order. */
  public Set<String> names() {
    return tensors.keySet();
  }

  /** All tensors by name, in data-section order (unmodifiable). */
  public Map<String, Tensor> tensors() {
    return tensors;
  }

  /** Whether a tensor called {@code name} exists. */
  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  /**
   * The tensor called {@code name}.
   *
   * @throws SafetensorsFormatException naming the file if there is no such tensor.
   */
  public Tensor tensor(String name) throws SafetensorsFormatException {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new SafetensorsFormatException(source, "no tensor named '" + name + "'");
    }
    return t;
  }

  /** The {@code __metadata__} map (unmodifiable, empty if the file has none). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * Metadata key of the content hash: hex SHA-256 over everything that changes what a file means
   * (docs/formats.md, "Content hash"): every metadata entry but this one, and every tensor's name,
   * dtype, shape and bytes, in sorted order. Readers verify it when present ({@link
   * #verifyContentHash}).
   */
  public static final String KEY_CONTENT_SHA256 = "reflex.content_sha256";

  /**
   * The content hash of this file as {@link #KEY_CONTENT_SHA256} defines it: sorted metadata
   * without that key ({@code key NUL value NUL}), then sorted tensors ({@code name NUL dtype NUL
   * shape NUL bytes}).
   */
  public String contentSha256() {
    return contentSha256(tensors, metadata);
  }

  static String contentSha256(Map<String, Tensor> tensors, Map<String, String> metadata) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
    byte[] nul = {0};
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(metadata).entrySet()) {
      if (e.getKey().equals(KEY_CONTENT_SHA256)) {
        continue;
      }
      md.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      md.update(nul);
      md.update(e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      md.update(nul);
    }
    for (Map.Entry<String, Tensor> e : new java.util.TreeMap<>(tensors).entrySet()) {
      Tensor t = e.getValue();
      String layout = e.getKey() + "\0" + t.dtype() + "\0" + java.util.Arrays.toString(t.shape());
      md.update(layout.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      md.update(nul);
      md.update(t.rawData());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * Checks {@link #KEY_CONTENT_SHA256} when present; readers call it after their own, more specific
   * checks (format, data checksum).
   *
   * @return false when the file has no content hash (written by an earlier version)
   * @throws SafetensorsFormatException naming the file when the hash does not match
   */
  public boolean verifyContentHash() throws SafetensorsFormatException {
    String expected = metadata.get(KEY_CONTENT_SHA256);
    if (expected == null) {
      return false;
    }
    String actual = contentSha256();
    if (!actual.equalsIgnoreCase(expected.trim())) {
      throw new SafetensorsFormatException(
          source,
          "file is damaged or was edited: its content (metadata, tensor names, shapes, values)"
              + " hashes to "
              + actual.substring(0, 12)
              + "... but "
              + KEY_CONTENT_SHA256
              + " says "
              + (expected.length() > 12 ? expected.substring(0, 12) + "..." : expected));
    }
    return true;
  }

  /** This file with its {@link #KEY_CONTENT_SHA256} set (replaced if present), for writers. */
  public Safetensors withContentHash() {
    java.util.LinkedHashMap<String, String> meta = new java.util.LinkedHashMap<>(metadata);
    meta.remove(KEY_CONTENT_SHA256);
    meta.put(KEY_CONTENT_SHA256, contentSha256());
    return new Safetensors(source, new LinkedHashMap<>(tensors), meta);
  }

  /** Hex SHA-256 of the data section (the tensors' bytes, in order). */
  public String dataSha256() {
    return dataSha256(tensors);
  }

  static String dataSha256(Map<String, Tensor> tensors) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
    for (Tensor t : tensors.values()) {
      md.update(t.rawData());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** The complete file: header length, padded JSON header, data section. */
  public byte[] toBytes() {
    byte[] header = headerJson();
    int padded = (header.length + 7) / 8 * 8;
    long total = 8L + padded;
    for (Tensor t : tensors.values()) {
      total += t.byteSize();
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "file of " + total + " bytes is too large to build in memory");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(padded);
    buf.put(header);
    for (int i = header.length; i < padded; i++) {
      buf.put((byte) ' ');
    }
    for (Tensor t : tensors.values()) {
      buf.put(t.rawData());
    }
    return buf.array();
  }

  /** Writes the file atomically ({@link AtomicFiles}). */
  public void write(Path file) throws IOException {
    AtomicFiles.write(file, toBytes());
  }

  private byte[] headerJson() {
    ObjectNode root = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = root.putObject(METADATA_KEY);
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      Tensor t = e.getValue();
      ObjectNode info = root.putObject(e.getKey());
      info.put("dtype", t.dtype().name());
      ArrayNode shape = info.putArray("shape");
      for (int i = 0; i < t.rank(); i++) {
        shape.add(t.dim(i));
      }
      info.putArray("data_offsets").add(offset).add(offset + t.byteSize());
      offset += t.byteSize();
    }
    try {
      return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  /** Collects tensors (in layout order) and metadata for a new file. Not thread-safe. */
  public static final class Builder {
    private final LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
    private final LinkedHashMap<String, String> metadata = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a tensor after the ones already added.
     *
     * @throws IllegalArgumentException if the name is taken, empty or {@value #METADATA_KEY}.
     */
    public Builder put(String name, Tensor tensor) {
      if (name.isEmpty() || name.equals(METADATA_KEY)) {
        throw new IllegalArgumentException("invalid tensor name '" + name + "'");
      }
      if (tensors.putIfAbsent(name, tensor) != null) {
        throw new IllegalArgumentException("duplicate tensor name '" + name + "'");
      }
      return this;
    }

    /** Sets one metadata entry (replacing an earlier value of the same key). */
    public Builder metadata(String key, String value) {
      metadata.put(key, value);
      return this;
    }

    /** Sets every entry of {@code entries}. */
    public Builder metadata(Map<String, String> entries) {
      metadata.putAll(entries);
      return this;
    }

    /** The immutable file. */
    public Safetensors build() {
      return new Safetensors("<memory>", new LinkedHashMap<>(tensors), metadata);
    }
  }
}
