package dev.reflex.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load-time check of an actor file: a readable safetensors file (8-byte little-endian header
 * length, a JSON header that fits, tensors whose data offsets fit) and, when its tensors follow
 * PyTorch's {@code nn.Sequential} naming ({@code 0.weight} is [out, in]), its input and output
 * sizes. Stand-in until {@code dev.reflex.format.ActorFile} is merged; the lead swaps it in.
 */
final class ActorFileCheck {
  /** Headers larger than this are refused (safetensors' own limit is 100 MB). */
  static final long MAX_HEADER_BYTES = 100L << 20;

  private static final Pattern LAYER_WEIGHT = Pattern.compile("^(\\d+)\\.weight$");

  /**
   * The outcome.
   *
   * @param error why the file is unusable, or null when it is fine
   * @param inputSize the first layer's input size, -1 when unknown
   * @param outputSize the last layer's output size, -1 when unknown
   */
  record Result(String error, int inputSize, int outputSize) {}

  private ActorFileCheck() {}

  static Result check(Path file) {
    if (!Files.isRegularFile(file)) {
      return new Result("actor file " + file + " does not exist", -1, -1);
    }
    try (FileChannel ch = FileChannel.open(file)) {
      long size = ch.size();
      if (size < 8) {
        return new Result("actor file " + file + " is not safetensors: " + size + " bytes", -1, -1);
      }
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(len, 0);
      long headerLength = len.getLong(0);
      if (headerLength <= 1 || headerLength > size - 8 || headerLength > MAX_HEADER_BYTES) {
        return new Result(
            "actor file "
                + file
                + " is not safetensors: header length "
                + Long.toUnsignedString(headerLength)
                + " does not fit a "
                + size
                + "-byte file",
            -1,
            -1);
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLength);
      ch.read(header, 8);
      JsonNode json;
      try {
        json = new ObjectMapper().readTree(new String(header.array(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        return new Result("actor file " + file + " has a corrupt header (not JSON)", -1, -1);
      }
      if (json == null || !json.isObject()) {
        return new Result(
            "actor file " + file + " has a corrupt header (not a JSON object)", -1, -1);
      }
      return shapes(file, json, size - 8 - headerLength);
    } catch (IOException e) {
      return new Result("cannot read actor file " + file + ": " + e.getMessage(), -1, -1);
    }
  }

  private static Result shapes(Path file, JsonNode header, long dataBytes) {
    TreeMap<Integer, JsonNode> layers = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : header.properties()) {
      if (e.getKey().equals("__metadata__")) {
        continue;
      }
      JsonNode t = e.getValue();
      JsonNode offsets = t.path("data_offsets");
      if (!t.path("shape").isArray()
          || offsets.size() != 2
          || offsets.get(0).asLong() > offsets.get(1).asLong()
          || offsets.get(1).asLong() > dataBytes) {
        return new Result(
            "actor file "
                + file
                + " is corrupt: tensor `"
                + e.getKey()
                + "` has data offsets outside the file",
            -1,
            -1);
      }
      Matcher m = LAYER_WEIGHT.matcher(e.getKey());
      if (m.matches() && t.get("shape").size() == 2) {
        layers.put(Integer.parseInt(m.group(1)), t.get("shape"));
      }
    }
    if (layers.isEmpty()) {
      return new Result(null, -1, -1);
    }
    return new Result(
        null,
        layers.firstEntry().getValue().get(1).asInt(),
        layers.lastEntry().getValue().get(0).asInt());
  }
}
