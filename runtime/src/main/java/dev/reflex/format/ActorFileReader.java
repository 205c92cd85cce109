package dev.reflex.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflex.network.Activation;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns safetensors content into an {@link ActorFile}, with errors that name file and tensor. */
final class ActorFileReader {
  private static final Pattern LAYER_PARAM = Pattern.compile("(\\d+)\\.(weight|bias)");

  private ActorFileReader() {}

  /** An actor file: tensors without prefix, every tensor a layer parameter, metadata applied. */
  static ActorFile fromActorFile(Safetensors st) throws SafetensorsFormatException {
    String source = st.source();
    Map<String, String> meta = st.metadata();
    for (String key : meta.keySet()) {
      if (key.startsWith("reflex.") && !ActorFile.KNOWN_KEYS.contains(key)) {
        throw new SafetensorsFormatException(
            source,
            "unknown metadata key '"
                + key
                + "' (an actor file's reflex.* keys: "
                + String.join(", ", new java.util.TreeSet<>(ActorFile.KNOWN_KEYS))
                + ")");
      }
    }
    if (!meta.containsKey(Safetensors.KEY_CONTENT_SHA256) && !meta.isEmpty()) {
      warnOnce(
          source,
          source
              + ": no "
              + Safetensors.KEY_CONTENT_SHA256
              + " (written before content hashing): its metadata is range-checked but not"
              + " checked for edits; re-export it to add one (docs/formats.md)");
    }
    String format = meta.get(ActorFile.KEY_FORMAT);
    if (format != null && !format.equals(ActorFile.FORMAT_VERSION)) {
      throw new SafetensorsFormatException(
          source,
          "unsupported "
              + ActorFile.KEY_FORMAT
              + " '"
              + format
              + "' (this version reads "
              + ActorFile.FORMAT_VERSION
              + ")");
    }
    String expectedSha = meta.get(ActorFile.KEY_SHA256);
    if (expectedSha != null) {
      String actualSha = st.dataSha256();
      if (!actualSha.equalsIgnoreCase(expectedSha.trim())) {
        throw new SafetensorsFormatException(
            source,
            "file is corrupt: SHA-256 of the data section is "
                + actualSha
                + " but "
                + ActorFile.KEY_SHA256
                + " says "
                + expectedSha);
      }
    }
    for (String name : st.names()) {
      if (!LAYER_PARAM.matcher(name).matches()) {
        throw new SafetensorsFormatException(
            source,
            "unexpected tensor '"
                + name
                + "' (an actor file holds only <N>.weight and <N>.bias of its Linear layers)");
      }
    }
    Layers layers = collect(st, "");
    int n = layers.weights.length;
    Activation[] acts = activations(meta, n, source);
    int in = layers.sizes[0];
    int out = layers.sizes[n];
    ActorScaling defaults = ActorScaling.identity(in, out);
    ActorScaling scaling;
    try {
      scaling =
          new ActorScaling(
              array(meta, ActorFile.KEY_OBS_MEAN, in, defaults.obsMean(), source),
              array(meta, ActorFile.KEY_OBS_STD, in, defaults.obsStd(), source),
              clip(meta, source),
              array(meta, ActorFile.KEY_ACTION_LOW, out, defaults.actionLow(), source),
              array(meta, ActorFile.KEY_ACTION_HIGH, out, defaults.actionHigh(), source));
    } catch (IllegalArgumentException e) {
      throw new SafetensorsFormatException(source, "metadata: " + e.getMessage());
    }
    plausible(scaling, source);
    // Last, so that a value out of range is named; this catches edits that stay in range.
    st.verifyContentHash();
    return ActorFile.fromFloatLayers(layers.sizes, layers.weights, layers.biases, acts, scaling);
  }

  private static final java.util.Set<String> WARNED =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** One warning line per file and process, on standard error. */
  private static void warnOnce(String source, String line) {
    if (WARNED.add(source)) {
      System.err.println("reflex: warning: " + line);
    }
  }

  /** Range checks beyond {@link ActorScaling}'s: values a trained actor never has. */
  private static void plausible(ActorScaling s, String source) throws SafetensorsFormatException {
    double[] mean = s.obsMean();
    double[] std = s.obsStd();
    for (int i = 0; i < mean.length; i++) {
      if (Math.abs(mean[i]) > ActorFile.MAX_ABS_VALUE) {
        throw new SafetensorsFormatException(
            source,
            "metadata "
                + ActorFile.KEY_OBS_MEAN
                + "["
                + i
                + "] = "
                + mean[i]
                + " outside [-1e6, 1e6]");
      }
      if (std[i] < ActorFile.MIN_STD || std[i] > 1 / ActorFile.MIN_STD) {
        throw new SafetensorsFormatException(
            source,
            "metadata "
                + ActorFile.KEY_OBS_STD
                + "["
                + i
                + "] = "
                + std[i]
                + " outside [1e-6, 1e6]");
      }
    }
    double[] low = s.actionLow();
    double[] high = s.actionHigh();
    for (int i = 0; i < low.length; i++) {
      if (Math.abs(low[i]) > ActorFile.MAX_ABS_VALUE
          || Math.abs(high[i]) > ActorFile.MAX_ABS_VALUE) {
        throw new SafetensorsFormatException(
            source,
            "metadata action bounds ["
                + low[i]
                + ", "
                + high[i]
                + "] of output "
                + i
                + " outside [-1e6, 1e6]");
      }
    }
  }

  /** The layers under {@code prefix}; {@code null} activations/scaling mean the defaults. */
  static ActorFile fromStateDict(
      Safetensors st, String prefix, Activation[] acts, ActorScaling scaling)
      throws SafetensorsFormatException {
    Layers layers = collect(st, prefix);
    int n = layers.weights.length;
    int[] sizes = layers.sizes;
    if (acts == null) {
      acts = ActorFile.defaultActivations(n);
    }
    if (scaling == null) {
      scaling = ActorScaling.identity(sizes[0], sizes[n]);
    }
    try {
      return ActorFile.fromFloatLayers(sizes, layers.weights, layers.biases, acts, scaling);
    } catch (IllegalArgumentException e) {
      throw new SafetensorsFormatException(
          st.source(), "actor under prefix '" + prefix + "': " + e.getMessage());
    }
  }

  private record Layers(int[] sizes, float[][] weights, float[][] biases) {}

  private static Layers collect(Safetensors st, String prefix) throws SafetensorsFormatException {
    String source = st.source();
    TreeMap<Integer, String> indices = new TreeMap<>();
    for (String name : st.names()) {
      if (!name.startsWith(prefix)) {
        continue;
      }
      Matcher m = LAYER_PARAM.matcher(name.substring(prefix.length()));
      if (!m.matches()) {
        throw new SafetensorsFormatException(
            source,
            "tensor '"
                + name
                + "' under prefix '"
                + prefix
                + "' is not a Linear layer's <N>.weight or <N>.bias");
      }
      int index;
      try {
        index = Integer.parseInt(m.group(1));
      } catch (NumberFormatException e) {
        throw new SafetensorsFormatException(source, "tensor '" + name + "' has an absurd index");
      }
      indices.put(index, prefix + index);
    }
    if (indices.isEmpty()) {
      throw new SafetensorsFormatException(
          source, "no tensors named '" + prefix + "<N>.weight' / '" + prefix + "<N>.bias'");
    }
    int n = indices.size();
    int[] sizes = new int[n + 1];
    float[][] weights = new float[n][];
    float[][] biases = new float[n][];
    String previous = null;
    int k = 0;
    for (String base : indices.values()) {
      Tensor w = param(st, base + ".weight", 2);
      Tensor b = param(st, base + ".bias", 1);
      int out = w.dim(0);
      int in = w.dim(1);
      if (b.dim(0) != out) {
        throw new SafetensorsFormatException(
            source,
            "'"
                + base
                + ".bias' has shape "
                + Arrays.toString(b.shape())
                + " but '"
                + base
                + ".weight' has "
                + out
                + " outputs");
      }
      if (out == 0 || in == 0) {
        throw new SafetensorsFormatException(
            source, "'" + base + ".weight' has an empty shape " + Arrays.toString(w.shape()));
      }
      if (k > 0 && in != sizes[k]) {
        throw new SafetensorsFormatException(
            source,
            "layers do not chain: '"
                + base
                + ".weight' has shape "
                + Arrays.toString(w.shape())
                + " ("
                + in
                + " inputs) but the previous layer '"
                + previous
                + ".weight' has "
                + sizes[k]
                + " outputs");
      }
      sizes[k] = in;
      sizes[k + 1] = out;
      weights[k] = w.toFloats();
      biases[k] = b.toFloats();
      previous = base;
      k++;
    }
    return new Layers(sizes, weights, biases);
  }

  private static Tensor param(Safetensors st, String name, int rank)
      throws SafetensorsFormatException {
    if (!st.contains(name)) {
      String other = name.endsWith(".weight") ? "bias" : "weight";
      throw new SafetensorsFormatException(
          st.source(), "layer has a " + other + " but no '" + name + "'");
    }
    Tensor t = st.tensor(name);
    if (t.rank() != rank || !t.dtype().isFloatingPoint()) {
      throw new SafetensorsFormatException(
          st.source(),
          "tensor '"
              + name
              + "' is "
              + t
              + ", expected a "
              + rank
              + "-D floating-point tensor ("
              + (rank == 2 ? "[out, in]" : "[out]")
              + ")");
    }
    return t;
  }

  private static Activation[] activations(Map<String, String> meta, int n, String source)
      throws SafetensorsFormatException {
    String text = meta.get(ActorFile.KEY_ACTIVATIONS);
    if (text == null) {
      return ActorFile.defaultActivations(n);
    }
    String[] ids = text.split(",", -1);
    if (ids.length != n) {
      throw new SafetensorsFormatException(
          source,
          ActorFile.KEY_ACTIVATIONS
              + " '"
              + text
              + "' names "
              + ids.length
              + " activations for "
              + n
              + " layers");
    }
    Activation[] acts = new Activation[n];
    for (int i = 0; i < n; i++) {
      try {
        acts[i] = Activation.fromId(ids[i].trim());
      } catch (IllegalArgumentException e) {
        throw new SafetensorsFormatException(
            source, ActorFile.KEY_ACTIVATIONS + " '" + text + "': " + e.getMessage());
      }
    }
    return acts;
  }

  private static double[] array(
      Map<String, String> meta, String key, int length, double[] fallback, String source)
      throws SafetensorsFormatException {
    String text = meta.get(key);
    if (text == null) {
      return fallback;
    }
    JsonNode node;
    try {
      node = Safetensors.JSON.readTree(text);
    } catch (IOException e) {
      node = null;
    }
    if (node == null || !node.isArray()) {
      throw new SafetensorsFormatException(
          source, key + " '" + text + "' is not a JSON array of numbers");
    }
    if (node.size() != length) {
      throw new SafetensorsFormatException(
          source, key + " has " + node.size() + " values, the network needs " + length);
    }
    double[] out = new double[length];
    for (int i = 0; i < length; i++) {
      if (!node.get(i).isNumber()) {
        throw new SafetensorsFormatException(
            source, key + "[" + i + "] = " + node.get(i) + " is not a number");
      }
      out[i] = node.get(i).doubleValue();
    }
    return out;
  }

  private static double clip(Map<String, String> meta, String source)
      throws SafetensorsFormatException {
    String text = meta.get(ActorFile.KEY_OBS_CLIP);
    if (text == null) {
      return Double.POSITIVE_INFINITY;
    }
    String t = text.trim();
    if (t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity")) {
      return Double.POSITIVE_INFINITY;
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new SafetensorsFormatException(
          source, ActorFile.KEY_OBS_CLIP + " '" + text + "' is not a number");
    }
  }
}
