package dev.reflex.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.network.Activation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActorFileTest {
  private static final Activation RELU = Activation.RELU;
  private static final Activation TANH = Activation.TANH;
  private static final Activation IDENTITY = Activation.IDENTITY;

  @TempDir Path dir;

  private static double[] random(Random rnd, int n) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = rnd.nextGaussian();
    }
    return a;
  }

  private static float[] randomFloats(Random rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rnd.nextGaussian();
    }
    return a;
  }

  /** A random actor of {@code sizes}, from double weights. */
  static ActorFile randomActor(long seed, int[] sizes, Activation[] acts, ActorScaling s) {
    Random rnd = new Random(seed);
    double[][] w = new double[sizes.length - 1][];
    double[][] b = new double[sizes.length - 1][];
    for (int k = 0; k < w.length; k++) {
      w[k] = random(rnd, sizes[k] * sizes[k + 1]);
      b[k] = random(rnd, sizes[k + 1]);
    }
    return ActorFile.fromDoubleLayers(sizes, w, b, acts, s);
  }

  private static ActorScaling scaling3to2() {
    return new ActorScaling(
        new double[] {0.1, -2.5, 1e-3},
        new double[] {1.5, 0.25, 3.0},
        5.0,
        new double[] {-2.0, 0.0},
        new double[] {2.0, 10.0});
  }

  /** A state_dict-style file of float tensors named {@code prefix + N + ".weight"/".bias"}. */
  private static Safetensors.Builder layer(
      Safetensors.Builder b, String prefix, int index, int in, int out, Random rnd) {
    return b.put(
            prefix + index + ".weight",
            Tensor.f32(new int[] {out, in}, randomFloats(rnd, out * in)))
        .put(prefix + index + ".bias", Tensor.f32(new int[] {out}, randomFloats(rnd, out)));
  }

  private SafetensorsFormatException readFails(Safetensors st) throws IOException {
    Path f = dir.resolve("actor.safetensors");
    st.write(f);
    return assertThrows(SafetensorsFormatException.class, () -> ActorFile.read(f));
  }

  private static void assertMessage(Exception e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), () -> "expected '" + p + "' in: " + e.getMessage());
    }
  }

  @Test
  void shouldRoundTripLayersActivationsAndScalingThroughAFile() throws IOException {
    ActorFile actor =
        randomActor(
            1, new int[] {3, 5, 4, 2}, new Activation[] {RELU, TANH, IDENTITY}, scaling3to2());
    Path f = dir.resolve("actor.safetensors");

    actor.write(f);
    ActorFile read = ActorFile.read(f);

    assertEquals(actor, read);
    assertArrayEquals(new int[] {3, 5, 4, 2}, read.layerSizes());
    assertEquals(scaling3to2(), read.scaling());
  }

  @Test
  void shouldWriteTensorsAndMetadataThatPyTorchSequentialExpects() throws IOException {
    ActorFile actor =
        randomActor(2, new int[] {3, 5, 2}, new Activation[] {RELU, TANH}, scaling3to2());
    Path f = dir.resolve("actor.safetensors");
    actor.write(f);

    Safetensors st = Safetensors.read(f);

    assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(st.names()));
    assertArrayEquals(new int[] {5, 3}, st.tensor("0.weight").shape());
    assertArrayEquals(new int[] {5}, st.tensor("0.bias").shape());
    assertArrayEquals(new int[] {2, 5}, st.tensor("2.weight").shape());
    assertEquals(DType.F32, st.tensor("2.weight").dtype());
    assertArrayEquals(actor.weights(1), st.tensor("2.weight").toFloats());
    Map<String, String> m = st.metadata();
    assertEquals("actor/1", m.get("reflex.format"));
    assertEquals("relu,tanh", m.get("reflex.activations"));
    assertEquals("[0.1,-2.5,0.001]", m.get("reflex.obs_mean"));
    assertEquals("[1.5,0.25,3.0]", m.get("reflex.obs_std"));
    assertEquals("5.0", m.get("reflex.obs_clip"));
    assertEquals("[-2.0,0.0]", m.get("reflex.action_low"));
    assertEquals("[2.0,10.0]", m.get("reflex.action_high"));
    assertEquals(st.dataSha256(), m.get("reflex.sha256"));
    assertEquals(64, m.get("reflex.sha256").length());
  }

  @Test
  void shouldRoundDoubleWeightsToNearestFloat() {
    ActorFile a =
        ActorFile.fromDoubleLayers(
            new int[] {2, 1},
            new double[][] {{0.1, 1.0 / 3}},
            new double[][] {{-1e-10}},
            new Activation[] {TANH},
            ActorScaling.identity(2, 1));
    assertArrayEquals(new float[] {0.1f, 1f / 3}, a.weights(0));
    assertArrayEquals(new float[] {-1e-10f}, a.biases(0));
  }

  @Test
  void shouldLoadAFileWithoutReflexMetadataWithDefaults() throws IOException {
    Random rnd = new Random(3);
    Safetensors.Builder b = Safetensors.builder();
    layer(b, "", 0, 4, 6, rnd);
    b.put("2.weight", Tensor.f64(new int[] {6, 6}, random(rnd, 36)));
    b.put("2.bias", Tensor.f64(new int[] {6}, random(rnd, 6)));
    layer(b, "", 4, 6, 2, rnd);
    Path f = dir.resolve("plain.safetensors");
    b.metadata("format", "pt").build().write(f);

    ActorFile a = ActorFile.read(f);

    assertArrayEquals(new int[] {4, 6, 6, 2}, a.layerSizes());
    assertArrayEquals(new Activation[] {RELU, RELU, TANH}, a.activations());
    assertEquals(ActorScaling.identity(4, 2), a.scaling());
    assertEquals(Double.POSITIVE_INFINITY, a.scaling().obsClip());
    assertArrayEquals(new double[] {-1, -1}, a.scaling().actionLow());
    assertArrayEquals(Safetensors.read(f).tensor("4.weight").toFloats(), a.weights(2));
  }

  @Test
  void shouldImportTheActorOfATd3StateDictByPrefixInNumericIndexOrder() throws IOException {
    Random rnd = new Random(4);
    Safetensors.Builder b = Safetensors.builder();
    layer(b, "actor_target.mu.", 0, 3, 9, rnd);
    layer(b, "critic.qf0.", 0, 4, 9, rnd);
    layer(b, "actor.mu.", 10, 8, 1, rnd); // before 2 in text order, after it in numeric order
    layer(b, "actor.mu.", 0, 3, 7, rnd);
    layer(b, "actor.mu.", 2, 7, 8, rnd);
    Path f = dir.resolve("td3.safetensors");
    b.build().write(f);
    Safetensors st = Safetensors.read(f);

    ActorFile a = ActorFile.fromStateDict(st, "actor.mu.");

    assertArrayEquals(new int[] {3, 7, 8, 1}, a.layerSizes());
    assertArrayEquals(st.tensor("actor.mu.10.weight").toFloats(), a.weights(2));
    assertArrayEquals(st.tensor("actor.mu.2.bias").toFloats(), a.biases(1));
    assertArrayEquals(new Activation[] {RELU, RELU, TANH}, a.activations());

    ActorScaling s =
        new ActorScaling(
            new double[3], new double[] {1, 2, 3}, 4, new double[] {-3}, new double[] {3});
    ActorFile b2 =
        ActorFile.fromStateDict(st, "actor.mu.", new Activation[] {TANH, TANH, IDENTITY}, s);
    assertEquals(s, b2.scaling());
    assertEquals(IDENTITY, b2.activation(2));
  }

  @Test
  void shouldRejectLayersThatDoNotChain() throws IOException {
    Random rnd = new Random(5);
    Safetensors.Builder b = Safetensors.builder();
    layer(b, "actor.mu.", 0, 3, 64, rnd);
    layer(b, "actor.mu.", 2, 32, 1, rnd);
    Safetensors st = Safetensors.parse(b.build().toBytes(), "td3.safetensors");

    var e =
        assertThrows(
            SafetensorsFormatException.class, () -> ActorFile.fromStateDict(st, "actor.mu."));

    assertEquals(
        "td3.safetensors: layers do not chain: 'actor.mu.2.weight' has shape [1, 32] (32 inputs)"
            + " but the previous layer 'actor.mu.0.weight' has 64 outputs",
        e.getMessage());
  }

  @Test
  void shouldRejectMissingOrMisshapenLayerTensors() throws IOException {
    Random rnd = new Random(6);
    var noBias =
        Safetensors.builder()
            .put("0.weight", Tensor.f32(new int[] {2, 2}, randomFloats(rnd, 4)))
            .build();
    assertMessage(readFails(noBias), "actor.safetensors: layer has a weight but no '0.bias'");

    var vectorWeight =
        Safetensors.builder()
            .put("0.weight", Tensor.f32(new int[] {4}, randomFloats(rnd, 4)))
            .put("0.bias", Tensor.f32(new int[] {2}, randomFloats(rnd, 2)))
            .build();
    assertMessage(
        readFails(vectorWeight),
        "tensor '0.weight' is F32[4], expected a 2-D floating-point tensor ([out, in])");

    var intWeight =
        Safetensors.builder()
            .put("0.weight", Tensor.i64(new int[] {1, 1}, new long[] {1}))
            .put("0.bias", Tensor.f32(new int[] {1}, new float[1]))
            .build();
    assertMessage(readFails(intWeight), "tensor '0.weight' is I64[1, 1]");

    var badBias =
        Safetensors.builder()
            .put("0.weight", Tensor.f32(new int[] {2, 2}, randomFloats(rnd, 4)))
            .put("0.bias", Tensor.f32(new int[] {3}, randomFloats(rnd, 3)))
            .build();
    assertMessage(readFails(badBias), "'0.bias' has shape [3] but '0.weight' has 2 outputs");

    var stray =
        layer(Safetensors.builder(), "", 0, 2, 2, rnd)
            .put("log_std", Tensor.f32(new int[] {2}, new float[2]))
            .build();
    assertMessage(readFails(stray), "unexpected tensor 'log_std'");

    var st = Safetensors.parse(stray.toBytes(), "sb3.safetensors");
    assertMessage(
        assertThrows(SafetensorsFormatException.class, () -> ActorFile.fromStateDict(st, "actor.")),
        "sb3.safetensors: no tensors named 'actor.<N>.weight' / 'actor.<N>.bias'");
  }

  @Test
  void shouldSayTheFileIsCorruptWhenTheChecksumDiffers() throws IOException {
    ActorFile actor =
        randomActor(7, new int[] {3, 4, 2}, new Activation[] {RELU, TANH}, scaling3to2());
    Path f = dir.resolve("actor.safetensors");
    actor.write(f);
    byte[] bytes = Files.readAllBytes(f);
    bytes[bytes.length - 3] ^= 0x10; // one bit of the last bias
    Files.write(f, bytes);

    var e = assertThrows(SafetensorsFormatException.class, () -> ActorFile.read(f));

    assertMessage(e, f.toString() + ": file is corrupt: SHA-256 of the data section is ");
    assertMessage(e, "but reflex.sha256 says " + actor.toSafetensors().dataSha256());
  }

  @Test
  void shouldRejectInvalidMetadataNamingKeyAndValue() throws IOException {
    ActorFile actor =
        randomActor(8, new int[] {3, 4, 2}, new Activation[] {RELU, TANH}, scaling3to2());
    Safetensors good = actor.toSafetensors();
    record Case(String key, String value, String expected) {}
    List<Case> cases =
        List.of(
            new Case(
                "reflex.format",
                "actor/2",
                "unsupported reflex.format 'actor/2' (this version reads actor/1)"),
            new Case(
                "reflex.activations",
                "relu,gelu",
                "reflex.activations 'relu,gelu': unknown activation 'gelu' (allowed: relu, tanh, identity, elu, leaky_relu, sigmoid)"),
            new Case(
                "reflex.activations",
                "relu",
                "reflex.activations 'relu' names 1 activations for 2 layers"),
            new Case(
                "reflex.obs_mean", "[1, 2]", "reflex.obs_mean has 2 values, the network needs 3"),
            new Case(
                "reflex.obs_mean",
                "1,2,3",
                "reflex.obs_mean '1,2,3' is not a JSON array of numbers"),
            new Case(
                "reflex.obs_std", "[1, \"a\", 3]", "reflex.obs_std[1] = \"a\" is not a number"),
            new Case(
                "reflex.obs_std", "[1, 0, 3]", "metadata: obs_std[1] = 0.0 must be finite and > 0"),
            new Case("reflex.obs_clip", "big", "reflex.obs_clip 'big' is not a number"),
            new Case("reflex.obs_clip", "-1", "metadata: obs_clip = -1.0 must be > 0"),
            new Case(
                "reflex.action_low",
                "[3, 0]",
                "metadata: action bounds [3.0, 2.0] at index 0 must be finite with low < high"));
    for (Case c : cases) {
      Safetensors.Builder b =
          Safetensors.builder().metadata(good.metadata()).metadata(c.key, c.value);
      good.tensors().forEach(b::put);
      assertMessage(readFails(b.build()), "actor.safetensors: " + c.expected);
    }
  }

  @Test
  void shouldReadMetadataWrittenByPython() throws IOException {
    ActorFile actor =
        randomActor(9, new int[] {3, 4, 2}, new Activation[] {RELU, IDENTITY}, scaling3to2());
    Safetensors good = actor.toSafetensors();
    Safetensors.Builder b = Safetensors.builder();
    good.tensors().forEach(b::put);
    // json.dumps(...) spacing, str(float("inf")), no checksum, no format key.
    b.metadata("reflex.activations", "relu, identity")
        .metadata("reflex.obs_mean", "[0.5, -1, 2e-3]")
        .metadata("reflex.obs_clip", "inf")
        .metadata("reflex.action_high", "[1.0, 3]");
    Path f = dir.resolve("py.safetensors");
    b.build().write(f);

    ActorFile a = ActorFile.read(f);

    assertArrayEquals(new Activation[] {RELU, IDENTITY}, a.activations());
    assertArrayEquals(new double[] {0.5, -1, 2e-3}, a.scaling().obsMean());
    assertArrayEquals(new double[] {1, 1, 1}, a.scaling().obsStd());
    assertEquals(Double.POSITIVE_INFINITY, a.scaling().obsClip());
    assertArrayEquals(new double[] {-1, -1}, a.scaling().actionLow());
    assertArrayEquals(new double[] {1, 3}, a.scaling().actionHigh());
    assertArrayEquals(actor.weights(0), a.weights(0));
  }

  @Test
  void shouldRejectInconsistentFactoryArguments() {
    Activation[] acts = {RELU, TANH};
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ActorFile.fromDoubleLayers(
                    new int[] {3, 4, 2},
                    new double[][] {new double[12], new double[7]},
                    new double[][] {new double[4], new double[2]},
                    acts,
                    scaling3to2()));
    assertMessage(e, "layer 1 is 2x4: expected 8 weights and 2 biases, got 7 and 2");
    var s =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ActorFile.fromDoubleLayers(
                    new int[] {3, 4, 1},
                    new double[][] {new double[12], new double[4]},
                    new double[][] {new double[4], new double[1]},
                    acts,
                    scaling3to2()));
    assertMessage(s, "scaling is for 3 observations and 2 actions, the network has 3 and 1");
  }
}
