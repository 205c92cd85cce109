package dev.reflex.trainer.onnx;

import dev.reflex.trainer.onnx.proto.OnnxProto.GraphProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.ModelProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.NodeProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.TensorShapeProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.TypeProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Reads the chain of steps of a feed-forward MLP graph: one float observation input of fixed width,
 * one output, and between them one unbranched chain of nodes whose other inputs are constants.
 * Nodes read: Gemm, MatMul, Add, Sub, Mul, Div, Max, Min, Clip, Relu, Tanh, Elu (alpha 1),
 * LeakyRelu (alpha 0.01), Sigmoid, Identity, and Constant nodes feeding them.
 */
final class OnnxChain {
  /** The op types read, in the order error messages list them. */
  static final List<String> SUPPORTED =
      List.of(
          "Gemm",
          "MatMul",
          "Add",
          "Sub",
          "Mul",
          "Div",
          "Relu",
          "Tanh",
          "Elu",
          "LeakyRelu",
          "Sigmoid",
          "Identity",
          "Clip",
          "Max",
          "Min",
          "Constant");

  private final String file;
  private final GraphProto graph;
  private final long opset;

  private OnnxChain(String file, ModelProto model) {
    this.file = file;
    this.graph = model.getGraph();
    this.opset = OnnxModels.defaultOpset(model);
  }

  /** The chain's steps and the observation width. */
  record Chain(int observationSize, List<ChainOp> ops) {}

  /**
   * Reads the chain of {@code model}.
   *
   * @param file the file name that starts every error message
   * @throws OnnxFormatException naming the file and the offending node(s) with their positions
   *     (e.g. {@code node #2 Conv '/conv/Conv'}), input or output.
   */
  static Chain read(String file, ModelProto model) throws OnnxFormatException {
    return new OnnxChain(file, model).read();
  }

  private Chain read() throws OnnxFormatException {
    rejectUnsupported();
    NodeSteps steps = NodeSteps.of(file, graph, opset);
    ValueInfoProto input = observationInput(steps);
    int width = observationWidth(input);
    if (graph.getOutputCount() != 1) {
      throw new OnnxFormatException(
          file
              + ": the graph has "
              + graph.getOutputCount()
              + " outputs "
              + names(graph.getOutputList())
              + "; Reflex imports a policy with one action output (export the actor alone)");
    }
    String output = graph.getOutput(0).getName();
    Map<String, List<Integer>> consumers = new HashMap<>();
    for (int k = 0; k < graph.getNodeCount(); k++) {
      for (String in : graph.getNode(k).getInputList()) {
        if (!in.isEmpty() && !steps.isConstant(in)) {
          consumers.computeIfAbsent(in, x -> new ArrayList<>()).add(k);
        }
      }
    }
    List<ChainOp> ops = new ArrayList<>();
    Set<Integer> visited = new HashSet<>();
    String current = input.getName();
    while (true) {
      List<Integer> next = consumers.getOrDefault(current, List.of());
      if (next.isEmpty()) {
        if (!current.equals(output)) {
          throw new OnnxFormatException(
              file
                  + ": the chain from input '"
                  + input.getName()
                  + "' ends at '"
                  + current
                  + "', which is not the graph output '"
                  + output
                  + "'");
        }
        break;
      }
      if (next.size() > 1) {
        StringJoiner j = new StringJoiner(", ");
        for (int k : next) {
          j.add(describe(k));
        }
        throw new OnnxFormatException(
            file
                + ": value '"
                + current
                + "' feeds "
                + next.size()
                + " nodes ("
                + j
                + "); Reflex imports one unbranched chain of layers");
      }
      if (current.equals(output)) {
        throw new OnnxFormatException(
            file + ": the graph output '" + output + "' also feeds " + describe(next.get(0)));
      }
      int k = next.get(0);
      if (!visited.add(k)) {
        throw new OnnxFormatException(file + ": the graph has a cycle through " + describe(k));
      }
      NodeProto node = graph.getNode(k);
      if (node.getOutputCount() != 1) {
        throw new OnnxFormatException(
            file + ": " + describe(k) + " has " + node.getOutputCount() + " outputs, expected 1");
      }
      width = steps.step(k, node, current, width, ops);
      current = node.getOutput(0);
    }
    for (int k = 0; k < graph.getNodeCount(); k++) {
      if (!visited.contains(k) && !graph.getNode(k).getOpType().equals("Constant")) {
        throw new OnnxFormatException(
            file + ": " + describe(k) + " is not on the chain from the input to the output");
      }
    }
    return new Chain(observationWidth(input), ops);
  }

  /** Every node whose op type or domain is not read, all in one message. */
  private void rejectUnsupported() throws OnnxFormatException {
    StringJoiner bad = new StringJoiner(", ");
    int count = 0;
    for (int k = 0; k < graph.getNodeCount(); k++) {
      NodeProto n = graph.getNode(k);
      boolean defaultDomain = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx");
      if (!defaultDomain || !SUPPORTED.contains(n.getOpType())) {
        count++;
        if (count <= 8) {
          bad.add(describe(k).substring("node ".length()));
        }
      }
    }
    if (count > 0) {
      throw new OnnxFormatException(
          file
              + ": unsupported node"
              + (count > 1 ? "s: " : ": ")
              + bad
              + (count > 8 ? " and " + (count - 8) + " more" : "")
              + "; Reflex imports feed-forward MLPs of "
              + String.join(", ", SUPPORTED.subList(0, SUPPORTED.size() - 1)));
    }
  }

  private ValueInfoProto observationInput(NodeSteps steps) throws OnnxFormatException {
    List<ValueInfoProto> inputs = new ArrayList<>();
    for (ValueInfoProto v : graph.getInputList()) {
      if (!steps.isConstant(v.getName())) {
        inputs.add(v);
      }
    }
    if (inputs.size() != 1) {
      throw new OnnxFormatException(
          file
              + ": the graph has "
              + inputs.size()
              + " inputs "
              + names(inputs)
              + "; Reflex imports a policy with one observation input");
    }
    return inputs.get(0);
  }

  private int observationWidth(ValueInfoProto input) throws OnnxFormatException {
    TypeProto type = input.getType();
    if (!type.hasTensorType() || type.getTensorType().getElemType() != 1) {
      throw new OnnxFormatException(
          file + ": input '" + input.getName() + "' is not a float32 tensor");
    }
    if (!type.getTensorType().hasShape()) {
      throw new OnnxFormatException(
          file + ": input '" + input.getName() + "' has no shape (Reflex needs [batch, obs])");
    }
    TensorShapeProto shape = type.getTensorType().getShape();
    int rank = shape.getDimCount();
    if (rank < 1 || rank > 2) {
      throw new OnnxFormatException(
          file
              + ": input '"
              + input.getName()
              + "' has rank "
              + rank
              + "; Reflex needs [obs] or [batch, obs]");
    }
    TensorShapeProto.Dimension last = shape.getDim(rank - 1);
    if (!last.hasDimValue() || last.getDimValue() <= 0 || last.getDimValue() > 1 << 20) {
      throw new OnnxFormatException(
          file
              + ": input '"
              + input.getName()
              + "' has a dynamic or invalid observation width ("
              + (last.hasDimParam() ? "'" + last.getDimParam() + "'" : last.getDimValue())
              + "); only the batch dimension may be dynamic");
    }
    return (int) last.getDimValue();
  }

  private String describe(int k) {
    return describe(graph, k);
  }

  /** Node {@code k} of {@code graph} for messages: {@code node #3 Gemm '/0/Gemm'}. */
  static String describe(GraphProto graph, int k) {
    NodeProto n = graph.getNode(k);
    String domain =
        n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx") ? "" : n.getDomain() + ".";
    return "node #" + k + " " + domain + n.getOpType() + " '" + n.getName() + "'";
  }

  private static String names(List<ValueInfoProto> values) {
    StringJoiner j = new StringJoiner(", ", "[", "]");
    for (ValueInfoProto v : values) {
      j.add(v.getName());
    }
    return j.toString();
  }
}
