package dev.reflex.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.format.ActorFile;
import dev.reflex.format.Safetensors;
import dev.reflex.format.Tensor;
import dev.reflex.network.Rng;
import dev.reflex.policy.CompactActor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTest {
  @TempDir Path dir;

  static final int[] SIZES = {3, 16, 12, 1};

  /** Weights as a PyTorch Linear stack would hold them: [out, in] float32. */
  static float[][][] weights(long seed) {
    Rng rng = new Rng(seed);
    float[][][] layers = new float[SIZES.length - 1][2][];
    for (int l = 0; l < layers.length; l++) {
      layers[l][0] = new float[SIZES[l + 1] * SIZES[l]];
      layers[l][1] = new float[SIZES[l + 1]];
      for (int k = 0; k < layers[l][0].length; k++) {
        layers[l][0][k] = (float) rng.uniform(-0.5, 0.5);
      }
      for (int k = 0; k < layers[l][1].length; k++) {
        layers[l][1][k] = (float) rng.uniform(-0.1, 0.1);
      }
    }
    return layers;
  }

  /** A Stable-Baselines3-like TD3 state_dict: actor.mu.{0,2,4}, plus critic tensors to ignore. */
  static Path stateDict(Path file, float[][][] w) throws Exception {
    Safetensors.Builder b = Safetensors.builder();
    b.put("critic.qf0.0.weight", Tensor.f32(new int[] {4, 4}, new float[16]));
    for (int l = 0; l < w.length; l++) {
      b.put(
          "actor.mu." + (2 * l) + ".weight",
          Tensor.f32(new int[] {SIZES[l + 1], SIZES[l]}, w[l][0]));
      b.put("actor.mu." + (2 * l) + ".bias", Tensor.f32(new int[] {SIZES[l + 1]}, w[l][1]));
    }
    b.build().write(file);
    return file;
  }

  /** The reference forward pass, in double, from the original weights. */
  static double reference(
      float[][][] w, double[] obs, double[] mean, double[] std, double lo, double hi) {
    double[] x = new double[obs.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (obs[i] - mean[i]) / std[i];
    }
    for (int l = 0; l < w.length; l++) {
      int in = SIZES[l];
      int out = SIZES[l + 1];
      double[] y = new double[out];
      for (int o = 0; o < out; o++) {
        double s = w[l][1][o];
        for (int k = 0; k < in; k++) {
          s += w[l][0][o * in + k] * x[k];
        }
        y[o] = l == w.length - 1 ? Math.tanh(s) : Math.max(0, s);
      }
      x = y;
    }
    return lo + (x[0] + 1) * (hi - lo) / 2;
  }

  @Test
  void shouldGiveTheSameActionsAsTheOriginalWeights() throws Exception {
    float[][][] w = weights(21);
    Path sd = stateDict(dir.resolve("sb3.safetensors"), w);
    Path out = dir.resolve("actor.safetensors");
    Cli.Result r =
        Cli.run(
            "import",
            "--from",
            sd.toString(),
            "--out",
            out.toString(),
            "--prefix",
            "actor.mu.",
            "--obs-mean",
            "0,0.5,1",
            "--obs-std",
            "1,2,4",
            "--action-low",
            "-2",
            "--action-high",
            "2",
            "--activations",
            "relu,relu,tanh");
    assertEquals(0, r.exit(), r.err());

    CompactActor actor = new CompactActor(ActorFile.read(out));
    Rng rng = new Rng(4);
    double[] obs = new double[3];
    double[] act = new double[1];
    for (int i = 0; i < 200; i++) {
      for (int k = 0; k < 3; k++) {
        obs[k] = rng.uniform(-3, 3);
      }
      actor.act(obs, act);
      double expected = reference(w, obs, new double[] {0, 0.5, 1}, new double[] {1, 2, 4}, -2, 2);
      assertEquals(expected, act[0], 1e-5, "action for observation " + i);
    }
  }

  @Test
  void shouldRefuseMismatchedFlagsWithOneErrorLine() throws Exception {
    Path sd = stateDict(dir.resolve("sb3.safetensors"), weights(2));
    for (String[] extra :
        new String[][] {
          {"--prefix", "actor.mu.", "--obs-mean", "0,0"},
          {"--prefix", "actor.mu.", "--activations", "relu,tanh"},
          {"--prefix", "actor.mu.", "--activations", "relu,swish,tanh"},
          {"--prefix", "nothing.here."},
          {"--prefix", "actor.mu.", "--action-low", "1", "--action-high", "-1"}
        }) {
      String[] args = {"import", "--from", sd.toString(), "--out", dir.resolve("x").toString()};
      Cli.Result r = Cli.run(Cli.concat(args, extra));
      assertEquals(2, r.exit(), String.join(" ", extra) + ": " + r.err());
      assertEquals(1, r.errLines().length, r.err());
      assertTrue(r.errLines()[0].startsWith("error: "), r.err());
    }
  }

  @Test
  void shouldRoundTripThroughExport() throws Exception {
    Path sd = stateDict(dir.resolve("sb3.safetensors"), weights(3));
    Path actor = dir.resolve("actor.safetensors");
    Path exported = dir.resolve("exported.safetensors");
    Path again = dir.resolve("again.safetensors");
    assertEquals(
        0,
        Cli.run(
                "import",
                "--from",
                sd.toString(),
                "--out",
                actor.toString(),
                "--prefix",
                "actor.mu.")
            .exit());
    Cli.Result ex =
        Cli.run(
            "export",
            "--actor",
            actor.toString(),
            "--out",
            exported.toString(),
            "--prefix",
            "actor.mu.");
    assertEquals(0, ex.exit(), ex.err());
    Safetensors st = Safetensors.read(exported);
    assertTrue(
        st.contains("actor.mu.0.weight") && st.contains("actor.mu.4.bias"), st.names().toString());
    assertArrayEquals(new int[] {16, 3}, st.tensor("actor.mu.0.weight").shape());
    assertEquals(
        0,
        Cli.run(
                "import",
                "--from",
                exported.toString(),
                "--out",
                again.toString(),
                "--prefix",
                "actor.mu.")
            .exit());
    assertEquals(ActorFile.read(actor), ActorFile.read(again));
  }

  @Test
  void shouldImportAnOnnxPolicyByItsExtensionOrByFormat() throws Exception {
    ActorFile original =
        ActorFile.read(Path.of("..", "firmware-config", "actors", "pendulum.safetensors"));
    Path onnx = dir.resolve("policy.onnx");
    dev.reflex.trainer.onnx.OnnxExporter.write(original, onnx);
    Path actor = dir.resolve("actor.safetensors");

    Cli.Result r = Cli.run("import", "--from", onnx.toString(), "--out", actor.toString());

    assertEquals(0, r.exit(), r.err());
    ActorFile imported = ActorFile.read(actor);
    assertArrayEquals(original.layerSizes(), imported.layerSizes());
    assertArrayEquals(original.activations(), imported.activations());
    assertArrayEquals(original.scaling().actionHigh(), imported.scaling().actionHigh(), 1e-6);
    Path renamed = dir.resolve("policy.bin");
    java.nio.file.Files.copy(onnx, renamed);
    Path again = dir.resolve("again.safetensors");
    Cli.Result r2 =
        Cli.run(
            "import", "--from", renamed.toString(), "--format", "onnx", "--out", again.toString());
    assertEquals(0, r2.exit(), r2.err());
    assertEquals(imported, ActorFile.read(again));
  }

  @Test
  void shouldRejectAHostileOnnxFileInOneErrorLineAndWriteNothing() throws Exception {
    Path onnx = dir.resolve("policy.onnx");
    java.nio.file.Files.write(onnx, new byte[] {0x08, 0x07, 0x3a, 0x7f, 0x01});
    Path actor = dir.resolve("actor.safetensors");

    Cli.Result r = Cli.run("import", "--from", onnx.toString(), "--out", actor.toString());

    assertEquals(2, r.exit());
    assertEquals(1, r.errLines().length, r.err());
    assertTrue(
        r.errLines()[0].startsWith(
            "error: " + onnx + ": not a readable ONNX model (truncated, or not protobuf)"),
        r.err());
    assertTrue(!java.nio.file.Files.exists(actor));
    Cli.Result prefix =
        Cli.run("import", "--from", onnx.toString(), "--out", actor.toString(), "--prefix", "a.");
    assertEquals(2, prefix.exit());
    assertTrue(prefix.errLines()[0].contains("--prefix and --activations apply to state-dict"));
  }
}
