package dev.reflex.trainer.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflex.format.ActorFile;
import dev.reflex.network.Activation;
import dev.reflex.network.kernel.DenseForwardF32;
import dev.reflex.policy.CompactActor;
import dev.reflex.testing.SkippedTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Models exported by PyTorch's {@code torch.onnx.export} (Debian's python3-torch, run as a real
 * process by {@code torch_export.py}) import and act as PyTorch computed; the re-export runs in
 * ONNX Runtime to the same actions. Skipped, and listed in {@code target/skipped-tests.txt},
 * without python3-torch and python3-onnx.
 */
class OnnxTorchImportTest {
  static final Path PYTHON = Path.of("/usr/bin/python3");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path models;

  @BeforeAll
  static void exportWithPyTorch() throws Exception {
    assumeTorch();
    Path script = Path.of("src/test/resources/onnx/torch_export.py").toAbsolutePath();
    Process p =
        new ProcessBuilder(PYTHON.toString(), script.toString(), models.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "torch_export.py did not finish");
    assertEquals(0, p.exitValue(), "torch_export.py failed:\n" + log);
  }

  static void assumeTorch() throws Exception {
    boolean present = false;
    if (Files.isExecutable(PYTHON)) {
      Process p =
          new ProcessBuilder(PYTHON.toString(), "-c", "import torch, onnx")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      present = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
    if (!present) {
      String line =
          "OnnxTorchImportTest: skipped, "
              + PYTHON
              + " cannot import torch and onnx"
              + " (apt-get install python3-torch python3-onnx)";
      SkippedTests.skip(line);
    }
  }

  static Stream<String> cases() {
    List<String> names = new ArrayList<>();
    for (Activation k : Activation.values()) {
      names.add("hidden_" + k.id());
      names.add("normalised_" + k.id());
    }
    names.addAll(
        List.of(
            "isaac_elu_linear",
            "cleanrl_scaled_tanh",
            "clamped_linear",
            "sigmoid_output",
            "one_d_matmul_add",
            "opset9_clip",
            "sb3_ppo_bounded"));
    return names.stream();
  }

  record Case(ActorFile actor, double[][] obs, double[][] actions) {}

  static Case load(String name) throws IOException {
    JsonNode json = JSON.readTree(models.resolve(name + ".json").toFile());
    JsonNode o = json.get("options");
    OnnxImporter.Options options =
        new OnnxImporter.Options(
            null,
            null,
            Double.POSITIVE_INFINITY,
            o.has("actionLow") ? JSON.treeToValue(o.get("actionLow"), double[].class) : null,
            o.has("actionHigh") ? JSON.treeToValue(o.get("actionHigh"), double[].class) : null);
    ActorFile actor = OnnxImporter.read(models.resolve(name + ".onnx"), options);
    return new Case(
        actor,
        JSON.treeToValue(json.get("obs"), double[][].class),
        JSON.treeToValue(json.get("actions"), double[][].class));
  }

  /** Float32 agreement: PyTorch computes in float32, Reflex normalises in double. */
  static void assertAgree(double[] expected, double[] actual, String what) {
    for (int j = 0; j < expected.length; j++) {
      double tol = 5e-5 * (1 + Math.abs(expected[j]));
      assertEquals(expected[j], actual[j], tol, what + " action " + j);
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void shouldImportAndActAsPyTorchDid(String name) throws Exception {
    Case c = load(name);
    for (DenseForwardF32 kernel : List.of(DenseForwardF32.scalar(), DenseForwardF32.best())) {
      CompactActor actor = new CompactActor(c.actor(), kernel);
      double[] action = new double[actor.actionSize()];
      for (int n = 0; n < c.obs().length; n++) {
        actor.act(c.obs()[n], action);
        assertAgree(c.actions()[n], action, name + " " + kernel.name() + " row " + n);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void shouldReExportToAModelOnnxRuntimeRunsToPyTorchsActions(String name) throws Exception {
    Case c = load(name);
    Path file = models.resolve(name + ".reexported.onnx");
    OnnxExporter.write(c.actor(), file);

    float[][] ort = OrtRunner.run(file, "obs", c.obs());

    for (int n = 0; n < c.obs().length; n++) {
      double[] row = new double[ort[n].length];
      for (int j = 0; j < row.length; j++) {
        row[j] = ort[n][j];
      }
      assertAgree(c.actions()[n], row, name + " re-exported row " + n);
    }
  }

  @Test
  void shouldWriteModelsThatTheOnnxCheckerAcceptsWithShapeInference() throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                PYTHON.toString(),
                "-c",
                "import sys, onnx\n"
                    + "for p in sys.argv[1:]:\n"
                    + "    onnx.checker.check_model(onnx.load(p), full_check=True)\n"
                    + "print('checked', len(sys.argv) - 1)"));
    for (String name : cases().toList()) {
      Path file = models.resolve(name + ".checked.onnx");
      OnnxExporter.write(load(name).actor(), file);
      command.add(file.toString());
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "onnx.checker did not finish");
    assertEquals(0, p.exitValue(), log);
    assertEquals("checked " + cases().count(), log.strip());
  }

  @Test
  void shouldReadTheGraphsNormaliserActivationsAndBoundsIntoTheMetadata() throws Exception {
    ActorFile isaac = load("isaac_elu_linear").actor();
    assertEquals(
        List.of(Activation.ELU, Activation.ELU, Activation.ELU, Activation.IDENTITY),
        List.of(isaac.activations()));
    assertEquals(-2.0, isaac.scaling().actionLow()[1], 1e-9);
    assertEquals(0.5, isaac.scaling().actionHigh()[2], 1e-9);
    ActorFile normalised = load("normalised_relu").actor();
    assertEquals(5.0, normalised.scaling().obsClip(), 1e-6);
    assertTrue(normalised.scaling().obsStd()[0] != 1.0, "std read from the graph");
    ActorFile cleanrl = load("cleanrl_scaled_tanh").actor();
    assertEquals(0.0, cleanrl.scaling().actionLow()[1], 1e-6);
    assertEquals(10.0, cleanrl.scaling().actionHigh()[1], 1e-6);
    assertEquals(Activation.TANH, cleanrl.activation(2));
  }
}
