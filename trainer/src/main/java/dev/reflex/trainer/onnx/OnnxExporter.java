package dev.reflex.trainer.onnx;

import dev.reflex.format.ActorFile;
import dev.reflex.format.ActorScaling;
import dev.reflex.network.Activation;
import dev.reflex.trainer.onnx.proto.OnnxProto.AttributeProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.AttributeProto.AttributeType;
import dev.reflex.trainer.onnx.proto.OnnxProto.GraphProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.ModelProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.NodeProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.TensorProto.DataType;
import dev.reflex.trainer.onnx.proto.OnnxProto.TensorShapeProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.TypeProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A Reflex actor as an ONNX model (opset {@value OnnxModels#EXPORT_OPSET}) that computes what
 * {@code CompactActor.act} computes, on a batch: input {@code obs} of shape {@code [batch, obs]},
 * output {@code action} of shape {@code [batch, act]}.
 *
 * <p>Graph: {@code Sub(obs_mean)}, {@code Div(obs_std)}, {@code Clip(-obs_clip, obs_clip)} (each
 * left out when it does nothing), then per layer {@code Gemm(transB=1)} with weights {@code
 * <2k>.weight [out, in]} and {@code <2k>.bias}, and its activation node (none for identity), then
 * {@code Mul((high - low) / 2)}, {@code Add((high + low) / 2)}, {@code Max(low)}, {@code
 * Min(high)}. {@link OnnxImporter} reads it back to the same actor.
 */
public final class OnnxExporter {
  private OnnxExporter() {}

  /** Writes {@code actor} as an ONNX model to {@code file} (atomically). */
  public static void write(ActorFile actor, Path file) throws IOException {
    OnnxModels.write(file, toModel(actor));
  }

  /** The model of {@code actor}. */
  public static ModelProto toModel(ActorFile actor) {
    GraphProto.Builder g = GraphProto.newBuilder().setName("reflex_actor");
    ActorScaling s = actor.scaling();
    int obs = actor.observationSize();
    int act = actor.actionSize();
    g.addInput(value("obs", obs));
    String x = "obs";
    double[] mean = s.obsMean();
    if (Arrays.stream(mean).anyMatch(v -> v != 0)) {
      g.addInitializer(OnnxTensors.floats("obs_mean", new long[] {obs}, mean));
      x = node(g, "Sub", "/normalise/Sub", "obs_centred", x, "obs_mean");
    }
    double[] std = s.obsStd();
    if (Arrays.stream(std).anyMatch(v -> v != 1)) {
      g.addInitializer(OnnxTensors.floats("obs_std", new long[] {obs}, std));
      x = node(g, "Div", "/normalise/Div", "obs_scaled", x, "obs_std");
    }
    if (Double.isFinite(s.obsClip())) {
      g.addInitializer(
          OnnxTensors.floats("obs_clip_low", new long[0], new double[] {-s.obsClip()}));
      g.addInitializer(
          OnnxTensors.floats("obs_clip_high", new long[0], new double[] {s.obsClip()}));
      x = node(g, "Clip", "/normalise/Clip", "obs_normalised", x, "obs_clip_low", "obs_clip_high");
    }
    int[] sizes = actor.layerSizes();
    for (int k = 0; k < actor.layerCount(); k++) {
      String prefix = Integer.toString(2 * k);
      g.addInitializer(
          OnnxTensors.floats(
              prefix + ".weight", new long[] {sizes[k + 1], sizes[k]}, actor.weights(k)));
      g.addInitializer(
          OnnxTensors.floats(prefix + ".bias", new long[] {sizes[k + 1]}, actor.biases(k)));
      x =
          g.addNodeBuilder()
              .setOpType("Gemm")
              .setName("/" + prefix + "/Gemm")
              .addInput(x)
              .addInput(prefix + ".weight")
              .addInput(prefix + ".bias")
              .addOutput("/" + prefix + "/Gemm_output")
              .addAttribute(intAttribute("transB", 1))
              .getOutput(0);
      Activation a = actor.activation(k);
      String module = "/" + (2 * k + 1) + "/";
      x =
          switch (a) {
            case IDENTITY -> x;
            case RELU -> node(g, "Relu", module + "Relu", module + "Relu_output", x);
            case TANH -> node(g, "Tanh", module + "Tanh", module + "Tanh_output", x);
            case SIGMOID -> node(g, "Sigmoid", module + "Sigmoid", module + "Sigmoid_output", x);
            case ELU -> {
              String out = node(g, "Elu", module + "Elu", module + "Elu_output", x);
              last(g).addAttribute(floatAttribute("alpha", 1f));
              yield out;
            }
            case LEAKY_RELU -> {
              String out =
                  node(g, "LeakyRelu", module + "LeakyRelu", module + "LeakyRelu_output", x);
              last(g).addAttribute(floatAttribute("alpha", Activation.LEAKY_SLOPE));
              yield out;
            }
          };
    }
    double[] low = s.actionLow();
    double[] high = s.actionHigh();
    double[] half = new double[act];
    double[] mid = new double[act];
    for (int j = 0; j < act; j++) {
      half[j] = (high[j] - low[j]) * 0.5;
      mid[j] = (high[j] + low[j]) * 0.5;
    }
    g.addInitializer(OnnxTensors.floats("action_half_range", new long[] {act}, half));
    g.addInitializer(OnnxTensors.floats("action_mid", new long[] {act}, mid));
    g.addInitializer(OnnxTensors.floats("action_low", new long[] {act}, low));
    g.addInitializer(OnnxTensors.floats("action_high", new long[] {act}, high));
    x = node(g, "Mul", "/scale/Mul", "action_scaled", x, "action_half_range");
    x = node(g, "Add", "/scale/Add", "action_unclamped", x, "action_mid");
    x = node(g, "Max", "/bounds/Max", "action_above_low", x, "action_low");
    node(g, "Min", "/bounds/Min", "action", x, "action_high");
    g.addOutput(value("action", act));
    return ModelProto.newBuilder()
        .setIrVersion(OnnxModels.EXPORT_IR_VERSION)
        .addOpsetImport(
            OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxModels.EXPORT_OPSET))
        .setProducerName("reflex")
        .setProducerVersion(ActorFile.FORMAT_VERSION)
        .setDocString(
            "Reflex actor "
                + Arrays.toString(sizes)
                + " "
                + Arrays.toString(actor.activations())
                + ": obs [batch, "
                + obs
                + "] in physical units -> action [batch, "
                + act
                + "] within its bounds")
        .addMetadataProps(
            StringStringEntryProto.newBuilder()
                .setKey("reflex.activations")
                .setValue(
                    String.join(
                        ",", Arrays.stream(actor.activations()).map(Activation::id).toList())))
        .setGraph(g)
        .build();
  }

  private static String node(
      GraphProto.Builder g, String op, String name, String output, String... inputs) {
    NodeProto.Builder n = g.addNodeBuilder().setOpType(op).setName(name).addOutput(output);
    for (String in : inputs) {
      n.addInput(in);
    }
    return output;
  }

  private static NodeProto.Builder last(GraphProto.Builder g) {
    return g.getNodeBuilder(g.getNodeCount() - 1);
  }

  private static ValueInfoProto value(String name, int width) {
    TensorShapeProto shape =
        TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
            .build();
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(DataType.FLOAT_VALUE)
                        .setShape(shape)))
        .build();
  }

  private static AttributeProto intAttribute(String name, long v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(v).build();
  }

  private static AttributeProto floatAttribute(String name, float v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(v).build();
  }
}
