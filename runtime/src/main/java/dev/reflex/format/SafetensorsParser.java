package dev.reflex.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and validates safetensors files. Rejects, naming the file: a file shorter than 8 bytes, a
 * header length beyond the file or above {@link #MAX_HEADER_BYTES}, a header that is not one JSON
 * object (duplicate keys included), an unknown dtype, a malformed shape or offsets, a size that
 * does not match shape times dtype, offsets out of the data section, overlapping tensors, gaps or
 * trailing bytes (the tensors must cover the data section exactly), and metadata that is not a
 * string-to-string map.
 */
final class SafetensorsParser {
  /** Largest accepted header (the reference implementation's limit). */
  static final long MAX_HEADER_BYTES = 100_000_000L;

  private static final ObjectMapper STRICT_JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private SafetensorsParser() {}

  static Safetensors read(Path file) throws IOException {
    String source = file.toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE - 8) {
        throw new SafetensorsFormatException(
            source, "file of " + size + " bytes is too large (limit 2 GiB)");
      }
      ByteBuffer buf = ByteBuffer.allocate((int) size);
      while (buf.hasRemaining() && ch.read(buf) >= 0) {
        // keep reading
      }
      return parse(buf.array(), source);
    }
  }

  static Safetensors parse(byte[] bytes, String source) throws SafetensorsFormatException {
    if (bytes.length < 8) {
      throw new SafetensorsFormatException(
          source,
          "file is " + bytes.length + " bytes, shorter than the 8-byte header length field");
    }
    long headerLen = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (headerLen < 0 || headerLen > MAX_HEADER_BYTES) {
      throw new SafetensorsFormatException(
          source,
          "header length "
              + Long.toUnsignedString(headerLen)
              + " is absurd (limit "
              + MAX_HEADER_BYTES
              + " bytes)");
    }
    if (8 + headerLen > bytes.length) {
      throw new SafetensorsFormatException(
          source,
          "header length "
              + headerLen
              + " goes beyond the end of the file ("
              + bytes.length
              + " bytes)");
    }
    int dataStart = 8 + (int) headerLen;
    JsonNode root = parseHeader(bytes, (int) headerLen, source);
    Map<String, String> metadata = new LinkedHashMap<>();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, JsonNode> f : root.properties()) {
      if (f.getKey().equals(Safetensors.METADATA_KEY)) {
        readMetadata(f.getValue(), metadata, source);
      } else {
        entries.add(readEntry(f.getKey(), f.getValue(), source));
      }
    }
    long dataLen = bytes.length - dataStart;
    entries.sort(Comparator.comparingLong((Entry e) -> e.begin).thenComparingLong(e -> e.end));
    long cursor = 0;
    LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
    String previous = null;
    for (Entry e : entries) {
      if (e.end > dataLen) {
        throw new SafetensorsFormatException(
            source,
            "tensor '"
                + e.name
                + "': data_offsets ["
                + e.begin
                + ", "
                + e.end
                + "] go beyond the data section ("
                + dataLen
                + " bytes)");
      }
      if (e.begin < cursor) {
        throw new SafetensorsFormatException(
            source,
            "tensor '"
                + e.name
                + "' at data_offsets ["
                + e.begin
                + ", "
                + e.end
                + "] overlaps tensor '"
                + previous
                + "' which ends at "
                + cursor);
      }
      if (e.begin > cursor) {
        throw new SafetensorsFormatException(
            source,
            "data section is not contiguous: bytes ["
                + cursor
                + ", "
                + e.begin
                + ") before tensor '"
                + e.name
                + "' belong to no tensor");
      }
      byte[] data = Arrays.copyOfRange(bytes, dataStart + (int) e.begin, dataStart + (int) e.end);
      tensors.put(e.name, Tensor.ofRaw(e.dtype, e.shape, data));
      cursor = e.end;
      previous = e.name;
    }
    if (cursor != dataLen) {
      throw new SafetensorsFormatException(
          source,
          "data section is not fully covered: bytes ["
              + cursor
              + ", "
              + dataLen
              + ") at its end belong to no tensor");
    }
    return new Safetensors(source, tensors, metadata);
  }

  private static JsonNode parseHeader(byte[] bytes, int headerLen, String source)
      throws SafetensorsFormatException {
    JsonNode root;
    try {
      root = STRICT_JSON.readTree(bytes, 8, headerLen);
    } catch (JsonProcessingException e) {
      throw new SafetensorsFormatException(
          source, "header is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new SafetensorsFormatException(source, "header is not valid JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw new SafetensorsFormatException(
          source,
          "header is not a JSON object (found "
              + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase())
              + ")");
    }
    return root;
  }

  private static void readMetadata(JsonNode node, Map<String, String> out, String source)
      throws SafetensorsFormatException {
    if (!node.isObject()) {
      throw new SafetensorsFormatException(
          source, Safetensors.METADATA_KEY + " is not a JSON object of strings");
    }
    for (Map.Entry<String, JsonNode> m : node.properties()) {
      if (!m.getValue().isTextual()) {
        throw new SafetensorsFormatException(
            source,
            Safetensors.METADATA_KEY
                + " value of '"
                + m.getKey()
                + "' is not a string (found "
                + m.getValue()
                + "); metadata must map strings to strings");
      }
      out.put(m.getKey(), m.getValue().textValue());
    }
  }

  private static Entry readEntry(String name, JsonNode node, String source)
      throws SafetensorsFormatException {
    String where = "tensor '" + name + "'";
    if (!node.isObject()) {
      throw new SafetensorsFormatException(source, where + " is not a JSON object");
    }
    for (Map.Entry<String, JsonNode> p : node.properties()) {
      String field = p.getKey();
      if (!field.equals("dtype") && !field.equals("shape") && !field.equals("data_offsets")) {
        throw new SafetensorsFormatException(
            source,
            where + " has unexpected field '" + field + "' (allowed: dtype, shape, data_offsets)");
      }
    }
    JsonNode dtypeNode = node.get("dtype");
    if (dtypeNode == null || !dtypeNode.isTextual()) {
      throw new SafetensorsFormatException(source, where + " has no string 'dtype'");
    }
    DType dtype = DType.fromHeaderName(dtypeNode.textValue());
    if (dtype == null) {
      throw new SafetensorsFormatException(
          source,
          where
              + " has unknown dtype '"
              + dtypeNode.textValue()
              + "' (supported: "
              + Arrays.toString(DType.values())
              + ")");
    }
    long[] shapeL = nonNegativeIntegers(node.get("shape"), -1, where + " 'shape'", source);
    long[] offsets =
        nonNegativeIntegers(node.get("data_offsets"), 2, where + " 'data_offsets'", source);
    if (offsets[1] < offsets[0]) {
      throw new SafetensorsFormatException(
          source,
          where + " has data_offsets [" + offsets[0] + ", " + offsets[1] + "] with end < begin");
    }
    int[] shape = new int[shapeL.length];
    long count = 1;
    try {
      for (int i = 0; i < shapeL.length; i++) {
        shape[i] = Math.toIntExact(shapeL[i]);
        count = Math.multiplyExact(count, shapeL[i]);
      }
      count = Math.multiplyExact(count, (long) dtype.byteSize());
    } catch (ArithmeticException e) {
      throw new SafetensorsFormatException(
          source, where + " has shape " + Arrays.toString(shapeL) + " too large to hold");
    }
    long size = offsets[1] - offsets[0];
    if (size != count) {
      throw new SafetensorsFormatException(
          source,
          where
              + ": data_offsets ["
              + offsets[0]
              + ", "
              + offsets[1]
              + "] hold "
              + size
              + " bytes but shape "
              + Arrays.toString(shapeL)
              + " of "
              + dtype
              + " needs "
              + count);
    }
    return new Entry(name, dtype, shape, offsets[0], offsets[1]);
  }

  private static long[] nonNegativeIntegers(
      JsonNode node, int requiredLength, String what, String source)
      throws SafetensorsFormatException {
    String expected =
        requiredLength < 0
            ? "an array of non-negative integers"
            : "an array of " + requiredLength + " non-negative integers";
    if (node == null || !node.isArray() || (requiredLength >= 0 && node.size() != requiredLength)) {
      throw new SafetensorsFormatException(
          source,
          what + " is " + (node == null ? "missing" : node.toString()) + ", expected " + expected);
    }
    long[] out = new long[node.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode v = node.get(i);
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
        throw new SafetensorsFormatException(
            source, what + " is " + node + ", expected " + expected);
      }
      out[i] = v.longValue();
    }
    return out;
  }

  private record Entry(String name, DType dtype, int[] shape, long begin, long end) {}
}
