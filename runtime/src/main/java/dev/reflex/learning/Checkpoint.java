package dev.reflex.learning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflex.format.AtomicFiles;
import dev.reflex.format.DType;
import dev.reflex.format.Safetensors;
import dev.reflex.format.SafetensorsFormatException;
import dev.reflex.format.Tensor;
import dev.reflex.network.Optimizer;
import dev.reflex.network.Parameters;
import dev.reflex.network.Precision;
import dev.reflex.network.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * The whole agent in one safetensors file, so that training resumed from it continues bit for bit
 * as if it had never stopped: every network (actor, critics and their targets), the optimisers'
 * moments and step counts, the learner's update counters and generator state, the exploration
 * noise's state and generator, the replay buffer's contents and cursor, the environment counters,
 * the learner options (as JSON metadata) and whatever extra tensors and metadata the caller adds
 * (the trainer adds its episode state). The layout is documented tensor by tensor in {@code
 * docs/formats.md}.
 *
 * <p>Written atomically ({@link AtomicFiles}); read with validation: the checksum of the data
 * section, the format name and version, and every tensor's shape against the learner, buffer and
 * noise it is restored into, with a message naming the file, the tensor and both shapes.
 *
 * <p>Threading: not thread-safe; capture and restore on the thread that owns the learner.
 */
public final class Checkpoint {
  /** Value of the {@code format} metadata key. */
  public static final String FORMAT = "reflex-checkpoint";

  /** Value of the {@code format_version} metadata key this code writes and reads. */
  public static final int VERSION = 2;

  /**
   * The earlier version still read: the same layout without {@code reflex.content_sha256}, so its
   * header is not verified (version 2 requires the hash: a file claiming 2 without it is damaged).
   */
  public static final int VERSION_WITHOUT_CONTENT_HASH = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Safetensors file;
  private final LearnerOptions options;
  private final int obsSize;
  private final int actSize;

  private Checkpoint(Safetensors file) throws SafetensorsFormatException {
    this.file = file;
    Map<String, String> meta = file.metadata();
    String format = meta.get("format");
    if (!FORMAT.equals(format)) {
      throw new SafetensorsFormatException(
          file.source(), "not a Reflex checkpoint (metadata format = " + format + ")");
    }
    String version = meta.get("format_version");
    boolean hashed = Integer.toString(VERSION).equals(version);
    if (!hashed && !Integer.toString(VERSION_WITHOUT_CONTENT_HASH).equals(version)) {
      throw new SafetensorsFormatException(
          file.source(),
          "checkpoint format_version "
              + meta.get("format_version")
              + " is not supported (this build reads "
              + VERSION_WITHOUT_CONTENT_HASH
              + " and "
              + VERSION
              + ")");
    }
    String sum = meta.get("data_sha256");
    if (sum == null || !sum.equals(file.dataSha256())) {
      throw new SafetensorsFormatException(
          file.source(), "checksum mismatch: the data section does not match data_sha256");
    }
    // header and metadata (learner options, names, shapes) unedited
    if (!file.verifyContentHash() && hashed) {
      throw new SafetensorsFormatException(
          file.source(),
          "format_version "
              + VERSION
              + " without "
              + Safetensors.KEY_CONTENT_SHA256
              + ": the header is damaged");
    }
    String optionsJson = meta.get("learner_options");
    if (optionsJson == null) {
      throw new SafetensorsFormatException(file.source(), "metadata learner_options is missing");
    }
    try {
      this.options = JSON.readValue(optionsJson, LearnerOptions.class);
      this.options.validate();
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new SafetensorsFormatException(
          file.source(), "invalid learner_options: " + e.getMessage(), e);
    }
    this.obsSize = parseInt(meta, "obs_size");
    this.actSize = parseInt(meta, "act_size");
  }

  /** Reads and validates the format, version and checksum of {@code path}. */
  public static Checkpoint read(Path path) throws IOException {
    return new Checkpoint(Safetensors.read(path));
  }

  /** Wraps an in-memory file (validated as by {@link #read}). */
  public static Checkpoint of(Safetensors file) throws SafetensorsFormatException {
    return new Checkpoint(file);
  }

  /** A writer capturing {@code learner}; add the rest with the builder's methods. */
  public static Writer writer(Learner learner) {
    return new Writer(learner);
  }

  /** The learner options the checkpoint was written with. A fresh copy. */
  public LearnerOptions options() {
    return options.copy();
  }

  /** Observation width of the networks. */
  public int obsSize() {
    return obsSize;
  }

  /** Action width of the networks. */
  public int actSize() {
    return actSize;
  }

  /** Environment steps taken when the checkpoint was written. */
  public long envSteps() throws SafetensorsFormatException {
    return scalarLong("env.steps");
  }

  /** Episodes finished when the checkpoint was written. */
  public long episodes() throws SafetensorsFormatException {
    return scalarLong("env.episodes");
  }

  /** The underlying file (extra tensors and metadata). */
  public Safetensors file() {
    return file;
  }

  /** The metadata map. */
  public Map<String, String> metadata() {
    return file.metadata();
  }

  /** Whether the checkpoint holds a replay buffer. */
  public boolean hasReplay() {
    return file.contains("replay.cursor");
  }

  /** Whether the checkpoint holds exploration-noise state. */
  public boolean hasNoise() {
    return file.contains("noise.scale");
  }

  /** A new learner with the checkpoint's options and sizes, every state restored. */
  public Learner newLearner() throws SafetensorsFormatException {
    Learner learner = new Learner(options, obsSize, actSize, 0);
    restoreLearner(learner);
    return learner;
  }

  /**
   * Restores networks, optimisers, counters and the generator into {@code learner}.
   *
   * @throws SafetensorsFormatException naming the file, the tensor and both shapes on a mismatch
   */
  public void restoreLearner(Learner learner) throws SafetensorsFormatException {
    if (learner.obsSize() != obsSize || learner.actSize() != actSize) {
      throw error(
          "checkpoint is for observation size "
              + obsSize
              + " and action size "
              + actSize
              + ", the learner has "
              + learner.obsSize()
              + " and "
              + learner.actSize());
    }
    int critics = learner.criticStore().length;
    int saved = file.contains("critic1.0.weight") ? 2 : 1;
    if (critics != saved) {
      throw error(
          "checkpoint holds "
              + saved
              + " critic(s), the learner has "
              + critics
              + " (option twin-critics)");
    }
    readParameters("actor", learner.actorStore().parameters());
    readParameters("actor_target", learner.actorTargetStore().parameters());
    readOptimizer("optim.actor", learner.actorOptStore());
    for (int c = 0; c < critics; c++) {
      readParameters("critic" + c, learner.criticStore()[c].parameters());
      readParameters("critic" + c + "_target", learner.criticTargetStore()[c].parameters());
      readOptimizer("optim.critic" + c, learner.criticOptStore()[c]);
    }
    learner.readDoubleView();
    long[] counters = longs("learner.updates", 2);
    learner.restoreCounters(counters[0], counters[1]);
    learner.rng().restoreState(longs("learner.rng", 6));
  }

  /**
   * Restores the replay buffer's contents and cursor.
   *
   * @throws SafetensorsFormatException when the checkpoint has none, or capacity or widths differ
   */
  public void restoreReplay(ReplayBuffer replay) throws SafetensorsFormatException {
    if (!hasReplay()) {
      throw error("checkpoint holds no replay buffer");
    }
    long[] cursor = longs("replay.cursor", 4);
    if (cursor[3] != replay.capacity()) {
      throw error(
          "replay capacity is "
              + cursor[3]
              + " in the checkpoint, "
              + replay.capacity()
              + " in the buffer (option replay-capacity)");
    }
    int size = (int) cursor[1];
    if (size < 0 || size > replay.capacity() || cursor[0] < 0 || cursor[0] >= replay.capacity()) {
      throw error("replay.cursor " + Arrays.toString(cursor) + " is out of range");
    }
    if (replay.isFloat32()) {
      copy("replay.obs", new int[] {size, replay.obsSize()}, replay.obsDataF32());
      copy("replay.action", new int[] {size, replay.actSize()}, replay.actDataF32());
      copy("replay.reward", new int[] {size}, replay.rewardDataF32());
      copy("replay.next_obs", new int[] {size, replay.obsSize()}, replay.nextObsDataF32());
    } else {
      copy("replay.obs", new int[] {size, replay.obsSize()}, replay.obsData());
      copy("replay.action", new int[] {size, replay.actSize()}, replay.actData());
      copy("replay.reward", new int[] {size}, replay.rewardData());
      copy("replay.next_obs", new int[] {size, replay.obsSize()}, replay.nextObsData());
    }
    copyFlags("replay.terminated", size, replay.terminatedData());
    copyFlags("replay.truncated", size, replay.truncatedData());
    replay.restoreCursor((int) cursor[0], size, cursor[2]);
  }

  /**
   * Restores the noise's scale and temporal state, and the generator it draws from.
   *
   * @param noiseRng the generator {@code noise} draws from; {@code null} to skip it
   */
  public void restoreNoise(ActionNoise noise, Rng noiseRng) throws SafetensorsFormatException {
    if (!hasNoise()) {
      throw error("checkpoint holds no exploration-noise state");
    }
    noise.setScale(tensor("noise.scale", new int[0]).toDoubles()[0]);
    double[] state = noise.state();
    copy("noise.state", new int[] {state.length}, state);
    if (noiseRng != null) {
      noiseRng.restoreState(longs("noise.rng", 6));
    }
  }

  /** A scalar or one-element I64 tensor. */
  public long scalarLong(String name) throws SafetensorsFormatException {
    return longs(name, 1)[0];
  }

  /** An I64 tensor of {@code count} elements. */
  public long[] longs(String name, int count) throws SafetensorsFormatException {
    Tensor t = file.tensor(name);
    if (t.dtype() != DType.I64 || t.elementCount() != count) {
      throw error(name + " is " + t + ", expected I64 with " + count + " element(s)");
    }
    return t.toLongs();
  }

  /**
   * The tensor {@code name}, checked against {@code shape}.
   *
   * @throws SafetensorsFormatException naming both shapes when they differ, or when it is missing
   */
  public Tensor tensor(String name, int[] shape) throws SafetensorsFormatException {
    Tensor t = file.tensor(name);
    if (!Arrays.equals(t.shape(), shape)) {
      throw error(
          "tensor "
              + name
              + " has shape "
              + Arrays.toString(t.shape())
              + " in the checkpoint, expected "
              + Arrays.toString(shape)
              + " (learner options: actor-hidden "
              + Arrays.toString(options.actorHidden)
              + ", critic-hidden "
              + Arrays.toString(options.criticHidden)
              + ")");
    }
    return t;
  }

  private void readParameters(String prefix, Parameters p) throws SafetensorsFormatException {
    int layers = p.count() / 2;
    if (file.contains(prefix + "." + layers + ".weight")) {
      throw error(
          prefix + " has more layers in the checkpoint than the " + layers + " of the learner");
    }
    for (int i = 0; i < p.count(); i++) {
      DMatrixRMaj m = p.value(i);
      copy(paramName(prefix, i), paramShape(m, i), m.data);
    }
  }

  private void readOptimizer(String prefix, Optimizer opt) throws SafetensorsFormatException {
    DMatrixRMaj[] state = opt.state();
    Parameters p = opt.parameters();
    for (int j = 0; j < state.length; j++) {
      copy(stateName(prefix, p, state.length, j), paramShape(state[j], j / 2), state[j].data);
    }
    opt.setSteps(scalarLong(prefix + ".step"));
  }

  private void copy(String name, int[] shape, double[] into) throws SafetensorsFormatException {
    Tensor t = tensor(name, shape);
    if (t.dtype() != DType.F64 && t.dtype() != DType.F32) {
      throw error(name + " is " + t.dtype() + ", expected F64 (or F32 from a float32 learner)");
    }
    double[] v = t.toDoubles();
    System.arraycopy(v, 0, into, 0, v.length);
  }

  /** F32 values as they are; F64 values (a double buffer's checkpoint) rounded. */
  private void copy(String name, int[] shape, float[] into) throws SafetensorsFormatException {
    Tensor t = tensor(name, shape);
    if (t.dtype() != DType.F64 && t.dtype() != DType.F32) {
      throw error(name + " is " + t.dtype() + ", expected F32 or F64");
    }
    if (t.dtype() == DType.F32) {
      float[] v = t.toFloats();
      System.arraycopy(v, 0, into, 0, v.length);
    } else {
      double[] v = t.toDoubles();
      for (int k = 0; k < v.length; k++) {
        into[k] = (float) v[k];
      }
    }
  }

  private void copyFlags(String name, int size, boolean[] into) throws SafetensorsFormatException {
    long[] v = tensor(name, new int[] {size}).toLongs();
    for (int i = 0; i < size; i++) {
      into[i] = v[i] != 0;
    }
  }

  private SafetensorsFormatException error(String problem) {
    return new SafetensorsFormatException(file.source(), problem);
  }

  private int parseInt(Map<String, String> meta, String key) throws SafetensorsFormatException {
    try {
      return Integer.parseInt(meta.getOrDefault(key, ""));
    } catch (NumberFormatException e) {
      throw error("metadata " + key + " = '" + meta.get(key) + "' is not an integer");
    }
  }

  static String paramName(String prefix, int i) {
    return prefix + "." + (i / 2) + (i % 2 == 0 ? ".weight" : ".bias");
  }

  static int[] paramShape(DMatrixRMaj m, int i) {
    return i % 2 == 0 ? new int[] {m.numRows, m.numCols} : new int[] {m.getNumElements()};
  }

  static String stateName(String prefix, Parameters p, int stateCount, int j) {
    if (stateCount == 2 * p.count()) {
      return paramName(prefix, j / 2) + (j % 2 == 0 ? ".exp_avg" : ".exp_avg_sq");
    }
    return prefix + ".state." + j;
  }

  /**
   * Collects the state to write. The learner is captured at {@link #build}; every other part is
   * optional. Names given to {@link #tensor} must not collide with the checkpoint's own (use a
   * prefix such as {@code trainer.}).
   */
  public static final class Writer {
    private final Learner learner;
    private final LinkedHashMap<String, Tensor> extra = new LinkedHashMap<>();
    private final LinkedHashMap<String, String> metadata = new LinkedHashMap<>();
    private ReplayBuffer replay;
    private ActionNoise noise;
    private Rng noiseRng;
    private long envSteps;
    private long episodes;

    private Writer(Learner learner) {
      this.learner = learner;
    }

    /** Includes the replay buffer's contents and cursor. */
    public Writer replay(ReplayBuffer buffer) {
      this.replay = buffer;
      return this;
    }

    /** Includes the noise's scale and state, and the generator it draws from (may be null). */
    public Writer noise(ActionNoise actionNoise, Rng rng) {
      this.noise = actionNoise;
      this.noiseRng = rng;
      return this;
    }

    /** Environment counters. */
    public Writer counters(long steps, long episodeCount) {
      this.envSteps = steps;
      this.episodes = episodeCount;
      return this;
    }

    /** An extra tensor (caller's namespace). */
    public Writer tensor(String name, Tensor t) {
      extra.put(name, t);
      return this;
    }

    /** An extra metadata entry. */
    public Writer metadata(String key, String value) {
      metadata.put(key, value);
      return this;
    }

    /** The complete file, checksum included. */
    public Safetensors build() {
      Safetensors.Builder b = Safetensors.builder();
      learner.writeDoubleView();
      boolean f32 = learner.precision() == Precision.F32;
      putParameters(b, "actor", learner.actorStore().parameters(), f32);
      putParameters(b, "actor_target", learner.actorTargetStore().parameters(), f32);
      putOptimizer(b, "optim.actor", learner.actorOptStore(), f32);
      for (int c = 0; c < learner.criticStore().length; c++) {
        putParameters(b, "critic" + c, learner.criticStore()[c].parameters(), f32);
        putParameters(
            b, "critic" + c + "_target", learner.criticTargetStore()[c].parameters(), f32);
        putOptimizer(b, "optim.critic" + c, learner.criticOptStore()[c], f32);
      }
      b.put(
          "learner.updates",
          Tensor.i64(new int[] {2}, new long[] {learner.criticUpdates(), learner.actorUpdates()}));
      b.put("learner.rng", rngTensor(learner.rng()));
      if (replay != null) {
        putReplay(b, replay);
      }
      if (noise != null) {
        b.put("noise.scale", Tensor.f64(new int[0], new double[] {noise.scale()}));
        double[] st = noise.state();
        b.put("noise.state", Tensor.f64(new int[] {st.length}, st.clone()));
        if (noiseRng != null) {
          b.put("noise.rng", rngTensor(noiseRng));
        }
      }
      b.put("env.steps", Tensor.i64(new int[0], new long[] {envSteps}));
      b.put("env.episodes", Tensor.i64(new int[0], new long[] {episodes}));
      extra.forEach(b::put);
      Map<String, String> meta = new LinkedHashMap<>();
      meta.put("format", FORMAT);
      meta.put("format_version", Integer.toString(VERSION));
      try {
        meta.put("learner_options", JSON.writeValueAsString(learner.options()));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot serialise learner options", e);
      }
      meta.put("obs_size", Integer.toString(learner.obsSize()));
      meta.put("act_size", Integer.toString(learner.actSize()));
      meta.put("optimizer", "adam");
      meta.put("precision", learner.precision().id());
      meta.putAll(metadata);
      Safetensors withoutSum = b.metadata(meta).build();
      return b.metadata("data_sha256", withoutSum.dataSha256()).build().withContentHash();
    }

    /** Builds and writes atomically to {@code path}. */
    public void write(Path path) throws IOException {
      build().write(path);
    }

    private static void putParameters(
        Safetensors.Builder b, String prefix, Parameters p, boolean f32) {
      for (int i = 0; i < p.count(); i++) {
        DMatrixRMaj m = p.value(i);
        b.put(paramName(prefix, i), tensorOf(paramShape(m, i), m, f32));
      }
    }

    private static void putOptimizer(
        Safetensors.Builder b, String prefix, Optimizer opt, boolean f32) {
      DMatrixRMaj[] state = opt.state();
      for (int j = 0; j < state.length; j++) {
        b.put(
            stateName(prefix, opt.parameters(), state.length, j),
            tensorOf(paramShape(state[j], j / 2), state[j], f32));
      }
      b.put(prefix + ".step", Tensor.i64(new int[0], new long[] {opt.steps()}));
    }

    private static void putReplay(Safetensors.Builder b, ReplayBuffer r) {
      int n = r.size();
      int o = r.obsSize();
      int a = r.actSize();
      if (r.isFloat32()) {
        b.put("replay.obs", Tensor.f32(new int[] {n, o}, Arrays.copyOf(r.obsDataF32(), n * o)));
        b.put("replay.action", Tensor.f32(new int[] {n, a}, Arrays.copyOf(r.actDataF32(), n * a)));
        b.put("replay.reward", Tensor.f32(new int[] {n}, Arrays.copyOf(r.rewardDataF32(), n)));
        b.put(
            "replay.next_obs",
            Tensor.f32(new int[] {n, o}, Arrays.copyOf(r.nextObsDataF32(), n * o)));
      } else {
        b.put("replay.obs", Tensor.f64(new int[] {n, o}, Arrays.copyOf(r.obsData(), n * o)));
        b.put("replay.action", Tensor.f64(new int[] {n, a}, Arrays.copyOf(r.actData(), n * a)));
        b.put("replay.reward", Tensor.f64(new int[] {n}, Arrays.copyOf(r.rewardData(), n)));
        b.put(
            "replay.next_obs", Tensor.f64(new int[] {n, o}, Arrays.copyOf(r.nextObsData(), n * o)));
      }
      b.put("replay.terminated", Tensor.u8(new int[] {n}, flags(r.terminatedData(), n)));
      b.put("replay.truncated", Tensor.u8(new int[] {n}, flags(r.truncatedData(), n)));
      b.put(
          "replay.cursor",
          Tensor.i64(
              new int[] {4}, new long[] {r.writeIndex(), r.size(), r.added(), r.capacity()}));
    }

    private static byte[] flags(boolean[] src, int n) {
      byte[] out = new byte[n];
      for (int i = 0; i < n; i++) {
        out[i] = (byte) (src[i] ? 1 : 0);
      }
      return out;
    }

    private static double[] copyOf(DMatrixRMaj m) {
      return Arrays.copyOf(m.data, m.getNumElements());
    }

    /** F64, or F32 for a float32 learner (whose double view holds floats: exact either way). */
    private static Tensor tensorOf(int[] shape, DMatrixRMaj m, boolean f32) {
      if (!f32) {
        return Tensor.f64(shape, copyOf(m));
      }
      float[] v = new float[m.getNumElements()];
      for (int k = 0; k < v.length; k++) {
        v[k] = (float) m.data[k];
      }
      return Tensor.f32(shape, v);
    }

    private static Tensor rngTensor(Rng rng) {
      long[] s = new long[6];
      rng.saveState(s);
      return Tensor.i64(new int[] {6}, s);
    }
  }

  /** The state of {@code rng} as an I64 [6] tensor, for extra generators of the caller. */
  public static Tensor rngTensor(Rng rng) {
    return Writer.rngTensor(rng);
  }
}
