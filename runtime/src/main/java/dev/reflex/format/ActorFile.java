package dev.reflex.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reflex.network.Activation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.StringJoiner;

/**
 * The compact actor: an immutable float32 multilayer perceptron with its observation normalisation
 * and action bounds, stored as a safetensors file that loads straight into a PyTorch {@code
 * nn.Sequential} of {@code Linear} and activation modules.
 *
 * <p>Tensors: layer k's weight {@code [out, in]} and bias {@code [out]} are named {@code
 * (2k).weight} and {@code (2k).bias} ({@code 0.weight}, {@code 0.bias}, {@code 2.weight}, ...),
 * F32. Metadata (strings): {@value #KEY_FORMAT} = {@value #FORMAT_VERSION}, {@value
 * #KEY_ACTIVATIONS} (e.g. {@code relu,relu,tanh}), {@value #KEY_OBS_MEAN}, {@value #KEY_OBS_STD},
 * {@value #KEY_ACTION_LOW}, {@value #KEY_ACTION_HIGH} (JSON arrays), {@value #KEY_OBS_CLIP} (a
 * number or {@code Infinity}) and {@value #KEY_SHA256} (hex SHA-256 of the data section). See
 * {@link ActorScaling} for what normalisation and bounds mean, and docs/formats.md.
 */
public final class ActorFile {
  /** The value of {@value #KEY_FORMAT} this version writes and reads. */
  public static final String FORMAT_VERSION = "actor/1";

  /** Metadata key of the format version. */
  public static final String KEY_FORMAT = "reflex.format";

  /** Metadata key of the comma-separated activation ids, one per layer. */
  public static final String KEY_ACTIVATIONS = "reflex.activations";

  /** Metadata key of the observation mean (JSON array). */
  public static final String KEY_OBS_MEAN = "reflex.obs_mean";

  /** Metadata key of the observation standard deviation (JSON array). */
  public static final String KEY_OBS_STD = "reflex.obs_std";

  /** Metadata key of the bound on the normalised observation. */
  public static final String KEY_OBS_CLIP = "reflex.obs_clip";

  /** Metadata key of the lower action bounds (JSON array). */
  public static final String KEY_ACTION_LOW = "reflex.action_low";

  /** Metadata key of the upper action bounds (JSON array). */
  public static final String KEY_ACTION_HIGH = "reflex.action_high";

  /** Metadata key of the hex SHA-256 of the data section. */
  public static final String KEY_SHA256 = "reflex.sha256";

  /**
   * Every {@code reflex.*} metadata key an actor file may hold: the one list (another key, e.g. a
   * bit flip's {@code reflex.action_how}, is refused rather than ignored). Add new keys here.
   */
  public static final java.util.Set<String> KNOWN_KEYS =
      java.util.Set.of(
          KEY_FORMAT,
          KEY_ACTIVATIONS,
          KEY_OBS_MEAN,
          KEY_OBS_STD,
          KEY_OBS_CLIP,
          KEY_ACTION_LOW,
          KEY_ACTION_HIGH,
          KEY_SHA256,
          Safetensors.KEY_CONTENT_SHA256);

  /** Largest |observation mean| and |action bound| accepted from a file. */
  public static final double MAX_ABS_VALUE = 1e6;

  /** Observation standard deviations accepted from a file lie in [this, 1 / this]. */
  public static final double MIN_STD = 1e-6;

  private final int[] sizes;
  private final float[][] weights;
  private final float[][] biases;
  private final Activation[] activations;
  private final ActorScaling scaling;

  private ActorFile(
      int[] sizes,
      float[][] weights,
      float[][] biases,
      Activation[] activations,
      ActorScaling scaling) {
    this.sizes = sizes;
    this.weights = weights;
    this.biases = biases;
    this.activations = activations;
    this.scaling = scaling;
  }

  /**
   * An actor from float weights (copied).
   *
   * @param sizes input, hidden..., output; at least two, all positive. Not modified.
   * @param weights per layer, {@code [out, in]} row-major. Not modified.
   * @param biases per layer, {@code [out]}. Not modified.
   * @param activations one per layer. Not modified.
   * @param scaling sized for the first and last of {@code sizes}.
   * @throws IllegalArgumentException on any size mismatch.
   */
  public static ActorFile fromFloatLayers(
      int[] sizes,
      float[][] weights,
      float[][] biases,
      Activation[] activations,
      ActorScaling scaling) {
    checkShapes(sizes, weights.length, biases.length, activations, scaling);
    float[][] w = new float[weights.length][];
    float[][] b = new float[biases.length][];
    for (int k = 0; k < w.length; k++) {
      checkLayer(sizes, k, weights[k].length, biases[k].length);
      w[k] = weights[k].clone();
      b[k] = biases[k].clone();
    }
    return new ActorFile(sizes.clone(), w, b, activations.clone(), scaling);
  }

  /**
   * An actor from the learner's double weights, rounded to float32 (the export path).
   *
   * @param sizes input, hidden..., output; at least two, all positive. Not modified.
   * @param weights per layer, {@code [out, in]} row-major. Not modified.
   * @param biases per layer, {@code [out]}. Not modified.
   * @param activations one per layer. Not modified.
   * @param scaling sized for the first and last of {@code sizes}.
   * @throws IllegalArgumentException on any size mismatch.
   */
  public static ActorFile fromDoubleLayers(
      int[] sizes,
      double[][] weights,
      double[][] biases,
      Activation[] activations,
      ActorScaling scaling) {
    checkShapes(sizes, weights.length, biases.length, activations, scaling);
    float[][] w = new float[weights.length][];
    float[][] b = new float[biases.length][];
    for (int k = 0; k < w.length; k++) {
      checkLayer(sizes, k, weights[k].length, biases[k].length);
      w[k] = toFloats(weights[k]);
      b[k] = toFloats(biases[k]);
    }
    return new ActorFile(sizes.clone(), w, b, activations.clone(), scaling);
  }

  /**
   * Reads an actor file: its layers, and its {@code reflex.*} metadata where present (defaults
   * otherwise: ReLU hidden layers, tanh output, no normalisation, actions in [-1, 1]).
   *
   * @throws SafetensorsFormatException naming the file: not safetensors, not an MLP whose layers
   *     chain, bad metadata, or a data section whose SHA-256 differs from {@value #KEY_SHA256}.
   */
  public static ActorFile read(Path file) throws IOException {
    return fromSafetensors(Safetensors.read(file));
  }

  /** As {@link #read}, from a file already in memory. */
  public static ActorFile fromSafetensors(Safetensors st) throws SafetensorsFormatException {
    return ActorFileReader.fromActorFile(st);
  }

  /**
   * Picks an actor out of a larger state_dict: the tensors {@code <prefix>N.weight} and {@code
   * <prefix>N.bias} in increasing N (e.g. prefix {@code actor.mu.} of a Stable-Baselines3 TD3
   * policy), with default activations and scaling. Other tensors outside the prefix are ignored.
   *
   * @throws SafetensorsFormatException naming the file and tensor if layers are missing, are not
   *     2-D/1-D floating-point tensors, or do not chain (layer k outputs != layer k+1 inputs).
   */
  public static ActorFile fromStateDict(Safetensors st, String prefix)
      throws SafetensorsFormatException {
    return ActorFileReader.fromStateDict(st, prefix, null, null);
  }

  /**
   * As {@link #fromStateDict(Safetensors, String)} with the given activations and scaling.
   *
   * @param activations one per layer. Not modified.
   */
  public static ActorFile fromStateDict(
      Safetensors st, String prefix, Activation[] activations, ActorScaling scaling)
      throws SafetensorsFormatException {
    return ActorFileReader.fromStateDict(st, prefix, activations.clone(), scaling);
  }

  /** ReLU for every hidden layer and tanh for the output, for {@code layers} layers. */
  public static Activation[] defaultActivations(int layers) {
    Activation[] acts = new Activation[layers];
    Arrays.fill(acts, Activation.RELU);
    acts[layers - 1] = Activation.TANH;
    return acts;
  }

  /** This actor with other activations (one per layer). */
  public ActorFile withActivations(Activation... activations) {
    return fromFloatLayers(sizes, weights, biases, activations, scaling);
  }

  /** This actor with another normalisation and bounds. */
  public ActorFile withScaling(ActorScaling scaling) {
    return fromFloatLayers(sizes, weights, biases, activations, scaling);
  }

  /** The file content: F32 tensors {@code 0.weight, 0.bias, 2.weight, ...} and all metadata. */
  public Safetensors toSafetensors() {
    Safetensors.Builder b = Safetensors.builder();
    LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
    for (int k = 0; k < weights.length; k++) {
      tensors.put((2 * k) + ".weight", Tensor.f32(new int[] {sizes[k + 1], sizes[k]}, weights[k]));
      tensors.put((2 * k) + ".bias", Tensor.f32(new int[] {sizes[k + 1]}, biases[k]));
    }
    tensors.forEach(b::put);
    StringJoiner acts = new StringJoiner(",");
    for (Activation a : activations) {
      acts.add(a.id());
    }
    b.metadata(KEY_FORMAT, FORMAT_VERSION)
        .metadata(KEY_ACTIVATIONS, acts.toString())
        .metadata(KEY_OBS_MEAN, json(scaling.obsMean()))
        .metadata(KEY_OBS_STD, json(scaling.obsStd()))
        .metadata(KEY_OBS_CLIP, Double.toString(scaling.obsClip()))
        .metadata(KEY_ACTION_LOW, json(scaling.actionLow()))
        .metadata(KEY_ACTION_HIGH, json(scaling.actionHigh()))
        .metadata(KEY_SHA256, Safetensors.dataSha256(tensors));
    return b.build().withContentHash();
  }

  /** Writes the file atomically ({@link AtomicFiles}). */
  public void write(Path file) throws IOException {
    toSafetensors().write(file);
  }

  /** Number of dense layers. */
  public int layerCount() {
    return weights.length;
  }

  /** Layer sizes: input, hidden..., output (a copy). */
  public int[] layerSizes() {
    return sizes.clone();
  }

  /** Length of the observation. */
  public int observationSize() {
    return sizes[0];
  }

  /** Length of the action. */
  public int actionSize() {
    return sizes[sizes.length - 1];
  }

  /** Layer {@code k}'s weights, {@code [out, in]} row-major (a copy). */
  public float[] weights(int k) {
    return weights[k].clone();
  }

  /** Layer {@code k}'s biases (a copy). */
  public float[] biases(int k) {
    return biases[k].clone();
  }

  /** Every layer's weights, {@code [out, in]} row-major (copies). */
  public float[][] allWeights() {
    float[][] out = new float[weights.length][];
    for (int k = 0; k < out.length; k++) {
      out[k] = weights[k].clone();
    }
    return out;
  }

  /** Every layer's biases (copies). */
  public float[][] allBiases() {
    float[][] out = new float[biases.length][];
    for (int k = 0; k < out.length; k++) {
      out[k] = biases[k].clone();
    }
    return out;
  }

  /** Layer {@code k}'s activation. */
  public Activation activation(int k) {
    return activations[k];
  }

  /** Activations, one per layer (a copy). */
  public Activation[] activations() {
    return activations.clone();
  }

  /** Observation normalisation and action bounds. */
  public ActorScaling scaling() {
    return scaling;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ActorFile a
        && Arrays.equals(sizes, a.sizes)
        && Arrays.deepEquals(weights, a.weights)
        && Arrays.deepEquals(biases, a.biases)
        && Arrays.equals(activations, a.activations)
        && scaling.equals(a.scaling);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sizes) * 31 + Arrays.deepHashCode(weights);
  }

  @Override
  public String toString() {
    return "ActorFile" + Arrays.toString(sizes) + Arrays.toString(activations);
  }

  static void checkShapes(
      int[] sizes,
      int weightLayers,
      int biasLayers,
      Activation[] activations,
      ActorScaling scaling) {
    if (sizes.length < 2) {
      throw new IllegalArgumentException("an actor needs an input and an output size");
    }
    for (int s : sizes) {
      if (s <= 0) {
        throw new IllegalArgumentException(
            "layer sizes must be positive, got " + Arrays.toString(sizes));
      }
    }
    int layers = sizes.length - 1;
    if (weightLayers != layers || biasLayers != layers || activations.length != layers) {
      throw new IllegalArgumentException(
          "sizes "
              + Arrays.toString(sizes)
              + " make "
              + layers
              + " layers, got "
              + weightLayers
              + " weight arrays, "
              + biasLayers
              + " bias arrays and "
              + activations.length
              + " activations");
    }
    if (scaling.observationSize() != sizes[0] || scaling.actionSize() != sizes[layers]) {
      throw new IllegalArgumentException(
          "scaling is for "
              + scaling.observationSize()
              + " observations and "
              + scaling.actionSize()
              + " actions, the network has "
              + sizes[0]
              + " and "
              + sizes[layers]);
    }
  }

  /**
   * Checks that layer {@code k} of a network with layer widths {@code sizes} has {@code
   * weightLength} weights and {@code biasLength} biases.
   *
   * @throws IllegalArgumentException naming the layer and both shapes
   */
  public static void checkLayer(int[] sizes, int k, int weightLength, int biasLength) {
    int in = sizes[k];
    int out = sizes[k + 1];
    if (weightLength != in * out || biasLength != out) {
      throw new IllegalArgumentException(
          "layer "
              + k
              + " is "
              + out
              + "x"
              + in
              + ": expected "
              + (in * out)
              + " weights and "
              + out
              + " biases, got "
              + weightLength
              + " and "
              + biasLength);
    }
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  private static String json(double[] values) {
    try {
      return Safetensors.JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a double array", e);
    }
  }
}
