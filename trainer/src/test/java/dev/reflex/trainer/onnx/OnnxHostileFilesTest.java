package dev.reflex.trainer.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.reflex.format.ActorFile;
import dev.reflex.network.Activation;
import dev.reflex.trainer.onnx.proto.OnnxProto.AttributeProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.GraphProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.ModelProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.NodeProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.TensorProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.TensorShapeProto;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not an MLP policy, or not ONNX at all, are rejected in one line. */
class OnnxHostileFilesTest {
  @TempDir Path dir;

  private final ModelProto good =
      OnnxExporter.toModel(
          OnnxExportTest.randomActor(
              new Random(1),
              new int[] {3, 8, 2},
              new Activation[] {Activation.RELU, Activation.TANH},
              4.0));

  private Path write(String name, byte[] bytes) throws Exception {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  private Path write(String name, UnaryOperator<ModelProto.Builder> change) throws Exception {
    return write(name, change.apply(good.toBuilder()).build().toByteArray());
  }

  /** The one-line message of the rejection, which names the file. */
  private String rejection(Path file) {
    OnnxFormatException e =
        assertThrows(
            OnnxFormatException.class, () -> OnnxImporter.read(file, OnnxImporter.Options.none()));
    String m = e.getMessage();
    assertFalse(m.contains("\n"), "one line: " + m);
    assertTrue(m.startsWith(file.toString() + ": "), m);
    return m;
  }

  private static void assertContains(String message, String part) {
    assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
  }

  private static int nodeIndex(ModelProto.Builder m, String op) {
    for (int k = 0; k < m.getGraph().getNodeCount(); k++) {
      if (m.getGraph().getNode(k).getOpType().equals(op)) {
        return k;
      }
    }
    throw new AssertionError(op);
  }

  @Test
  void shouldReadTheUnchangedModel() throws Exception {
    Path p = write("good.onnx", m -> m);
    ActorFile a = OnnxImporter.read(p, OnnxImporter.Options.none());
    assertEquals(3, a.observationSize());
  }

  @Test
  void shouldRejectATruncatedFile() throws Exception {
    byte[] bytes = good.toByteArray();
    String m = rejection(write("truncated.onnx", Arrays.copyOf(bytes, bytes.length / 2)));
    assertContains(m, "not a readable ONNX model (truncated, or not protobuf)");
  }

  @Test
  void shouldRejectAnEmptyFileAndOneOfRandomBytes() throws Exception {
    assertContains(rejection(write("empty.onnx", new byte[0])), "no graph");
    byte[] noise = new byte[4096];
    new Random(2).nextBytes(noise);
    String m = rejection(write("noise.onnx", noise));
    assertTrue(m.contains("not a readable ONNX model") || m.contains("no graph"), m);
  }

  @Test
  void shouldRejectAWrongOpsetOrIrVersion() throws Exception {
    UnaryOperator<ModelProto.Builder> opset99 =
        m -> m.clearOpsetImport().addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(99));
    assertContains(
        rejection(write("opset99.onnx", opset99)),
        "opset ai.onnx 99 is not supported (Reflex reads opsets 7 to 22");
    UnaryOperator<ModelProto.Builder> opset1 =
        m -> m.clearOpsetImport().addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(1));
    assertContains(rejection(write("opset1.onnx", opset1)), "opset ai.onnx 1 is not supported");
    UnaryOperator<ModelProto.Builder> none =
        m ->
            m.clearOpsetImport()
                .addOpsetImport(
                    OperatorSetIdProto.newBuilder().setDomain("com.example").setVersion(1));
    assertContains(rejection(write("noopset.onnx", none)), "imports no opset of the default");
    assertContains(
        rejection(write("ir99.onnx", m -> m.setIrVersion(99))), "IR version 99 is not supported");
  }

  @Test
  void shouldRejectADynamicObservationWidth() throws Exception {
    UnaryOperator<ModelProto.Builder> dynamic =
        m -> {
          m.getGraphBuilder()
              .getInputBuilder(0)
              .getTypeBuilder()
              .getTensorTypeBuilder()
              .getShapeBuilder()
              .setDim(1, TensorShapeProto.Dimension.newBuilder().setDimParam("n"));
          return m;
        };
    assertContains(
        rejection(write("dynamic.onnx", dynamic)),
        "input 'obs' has a dynamic or invalid observation width ('n'); only the batch dimension"
            + " may be dynamic");
    UnaryOperator<ModelProto.Builder> noShape =
        m -> {
          m.getGraphBuilder()
              .getInputBuilder(0)
              .getTypeBuilder()
              .getTensorTypeBuilder()
              .clearShape();
          return m;
        };
    assertContains(rejection(write("noshape.onnx", noShape)), "input 'obs' has no shape");
  }

  @Test
  void shouldNameEveryUnsupportedNodeAndItsPosition() throws Exception {
    UnaryOperator<ModelProto.Builder> conv =
        m -> {
          int gemm = nodeIndex(m, "Gemm");
          m.getGraphBuilder().getNodeBuilder(gemm).setOpType("Conv").setName("/conv/Conv");
          int tanh = nodeIndex(m, "Tanh");
          m.getGraphBuilder().getNodeBuilder(tanh).setOpType("Softmax").setName("/head/Softmax");
          return m;
        };
    Path p = write("conv.onnx", conv);
    ModelProto.Builder m = conv.apply(good.toBuilder());
    int gemm = nodeIndex(m, "Conv");
    int tanh = nodeIndex(m, "Softmax");
    assertContains(
        rejection(p),
        "unsupported nodes: #"
            + gemm
            + " Conv '/conv/Conv', #"
            + tanh
            + " Softmax '/head/Softmax'; Reflex imports feed-forward MLPs of Gemm, MatMul");
    UnaryOperator<ModelProto.Builder> custom =
        m2 -> {
          m2.getGraphBuilder().getNodeBuilder(nodeIndex(m2, "Tanh")).setDomain("com.microsoft");
          return m2;
        };
    assertContains(rejection(write("custom.onnx", custom)), "com.microsoft.Tanh");
  }

  @Test
  void shouldRejectATwoGigabyteDeclaredTensorWithoutAllocatingIt() throws Exception {
    UnaryOperator<ModelProto.Builder> huge =
        m -> {
          GraphProto.Builder g = m.getGraphBuilder();
          for (int i = 0; i < g.getInitializerCount(); i++) {
            if (g.getInitializer(i).getName().equals("0.weight")) {
              g.setInitializer(
                  i,
                  TensorProto.newBuilder()
                      .setName("0.weight")
                      .setDataType(TensorProto.DataType.FLOAT_VALUE)
                      .addDims(65536)
                      .addDims(8192)); // 2^29 floats: 2 GiB, and no data
            }
          }
          return m;
        };
    assertContains(
        rejection(write("huge.onnx", huge)),
        "constant '0.weight' declares shape [65536, 8192], more than 16777216 elements");

    // A length prefix of 2 GiB - 1 for a field whose bytes are not there.
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(good.toByteArray());
    b.write(new byte[] {(byte) 0x3a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07});
    b.write(new byte[64]);
    assertContains(rejection(write("prefix.onnx", b.toByteArray())), "truncated, or not protobuf");
  }

  @Test
  void shouldRejectAFileAboveTheSizeLimitBeforeReadingIt() throws Exception {
    Path p = dir.resolve("sparse.onnx");
    try (FileChannel ch =
        FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {1}), OnnxModels.MAX_FILE_BYTES + 1);
    }
    assertContains(rejection(p), "above the 268435456-byte limit");
  }

  @Test
  void shouldRejectExternalDataAndNonFloatWeights() throws Exception {
    UnaryOperator<ModelProto.Builder> external =
        m -> {
          m.getGraphBuilder()
              .getInitializerBuilder(0)
              .setDataLocation(TensorProto.DataLocation.EXTERNAL)
              .clearRawData();
          return m;
        };
    assertContains(
        rejection(write("external.onnx", external)), "keeps its data in an external file");
    UnaryOperator<ModelProto.Builder> ints =
        m -> {
          m.getGraphBuilder().getInitializerBuilder(0).setDataType(TensorProto.DataType.INT8_VALUE);
          return m;
        };
    assertContains(rejection(write("int8.onnx", ints)), "has data type INT8");
    UnaryOperator<ModelProto.Builder> shortData =
        m -> {
          TensorProto.Builder t = m.getGraphBuilder().getInitializerBuilder(0);
          t.setRawData(t.getRawData().substring(0, 4));
          return m;
        };
    assertContains(rejection(write("short.onnx", shortData)), "bytes of raw_data, its shape needs");
  }

  @Test
  void shouldRejectBranchesSecondInputsAndSecondOutputs() throws Exception {
    UnaryOperator<ModelProto.Builder> branch =
        m -> {
          String gemmOut = m.getGraph().getNode(nodeIndex(m, "Gemm")).getOutput(0);
          m.getGraphBuilder()
              .addNode(
                  NodeProto.newBuilder()
                      .setOpType("Relu")
                      .setName("/side/Relu")
                      .addInput(gemmOut)
                      .addOutput("side"));
          return m;
        };
    assertContains(rejection(write("branch.onnx", branch)), "feeds 2 nodes");
    UnaryOperator<ModelProto.Builder> twoInputs =
        m -> {
          m.getGraphBuilder().addInput(m.getGraph().getInput(0).toBuilder().setName("extra"));
          return m;
        };
    assertContains(
        rejection(write("inputs.onnx", twoInputs)),
        "the graph has 2 inputs [obs, extra]; Reflex imports a policy with one observation input");
    UnaryOperator<ModelProto.Builder> twoOutputs =
        m -> {
          m.getGraphBuilder().addOutput(m.getGraph().getOutput(0).toBuilder().setName("value"));
          return m;
        };
    assertContains(rejection(write("outputs.onnx", twoOutputs)), "the graph has 2 outputs");
  }

  @Test
  void shouldRejectAnUnboundedOutputUnlessBoundsAreGiven() throws Exception {
    UnaryOperator<ModelProto.Builder> linear =
        m -> {
          GraphProto.Builder g = m.getGraphBuilder();
          int tanh = nodeIndex(m, "Tanh");
          String gemmOut = g.getNode(tanh).getInput(0);
          while (g.getNodeCount() > tanh) {
            g.removeNode(g.getNodeCount() - 1);
          }
          g.setOutput(0, g.getOutput(0).toBuilder().setName(gemmOut));
          return m;
        };
    Path p = write("linear.onnx", linear);
    assertContains(
        rejection(p),
        "action 0 is unbounded (the graph ends in node #"
            + (nodeIndex(good.toBuilder(), "Tanh") - 1)
            + " Gemm '/2/Gemm' with no Tanh, Sigmoid or Clip after the last layer); give"
            + " --action-low and --action-high");
    ActorFile a =
        OnnxImporter.read(
            p,
            new OnnxImporter.Options(
                null, null, Double.POSITIVE_INFINITY, new double[] {-2, 0}, new double[] {2, 1}));
    assertEquals(Activation.IDENTITY, a.activation(1));
    assertEquals(-2.0, a.scaling().actionLow()[0]);
  }

  @Test
  void shouldRejectParametersReflexDoesNotHaveAndClipsBetweenLayers() throws Exception {
    UnaryOperator<ModelProto.Builder> elu =
        m -> {
          m.getGraphBuilder()
              .getNodeBuilder(nodeIndex(m, "Relu"))
              .setOpType("Elu")
              .addAttribute(
                  AttributeProto.newBuilder()
                      .setName("alpha")
                      .setType(AttributeProto.AttributeType.FLOAT)
                      .setF(0.5f));
          return m;
        };
    assertContains(rejection(write("elu.onnx", elu)), "has alpha 0.5; Reflex's ELU has alpha 1");
    UnaryOperator<ModelProto.Builder> clipBetween =
        m -> {
          NodeProto.Builder relu = m.getGraphBuilder().getNodeBuilder(nodeIndex(m, "Relu"));
          relu.setOpType("Clip").addInput("obs_clip_low").addInput("obs_clip_high");
          return m;
        };
    assertContains(
        rejection(write("clip.onnx", clipBetween)), "between two layers is not supported");
    UnaryOperator<ModelProto.Builder> empty =
        m -> {
          m.getGraphBuilder()
              .getInitializerBuilder(0)
              .setRawData(ByteString.copyFrom(new byte[0]))
              .clearDims()
              .addDims(0);
          return m;
        };
    assertContains(rejection(write("zero.onnx", empty)), "has a constant of shape [0]");
  }

  @Test
  void shouldRejectAMissingFile() {
    assertContains(rejection(dir.resolve("absent.onnx")), "no such file");
  }
}
