package dev.reflex.trainer.onnx;

import dev.reflex.policy.ActivationKind;
import dev.reflex.trainer.onnx.proto.OnnxProto.AttributeProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.GraphProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.ModelProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.NodeProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.TensorProto;
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
  private final Map<String, TensorProto> constants = new HashMap<>();
  private final Map<String, OnnxTensors.Constant> constantValues = new HashMap<>();

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
    for (TensorProto t : graph.getInitializerList()) {
      constants.put(t.getName(), t);
    }
    for (int k = 0; k < graph.getNodeCount(); k++) {
      NodeProto n = graph.getNode(k);
      if (n.getOpType().equals("Constant")) {
        constants.put(n.getOutput(0), constantTensor(n, k));
      }
    }
    ValueInfoProto input = observationInput();
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
        if (!in.isEmpty() && !constants.containsKey(in)) {
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
      width = step(k, node, current, width, ops);
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

  /** Appends the step(s) of node {@code k} whose data input is {@code x}; returns the new width. */
  private int step(int k, NodeProto node, String x, int width, List<ChainOp> ops)
      throws OnnxFormatException {
    String where = "node #" + k + " " + node.getOpType() + " '" + node.getName() + "'";
    String op = node.getOpType();
    int dataIndex = node.getInputList().indexOf(x);
    if (node.getInputList().lastIndexOf(x) != dataIndex) {
      throw new OnnxFormatException(file + ": " + describe(k) + " takes the data twice");
    }
    switch (op) {
      case "Identity" -> {
        return width;
      }
      case "Relu" -> ops.add(new ChainOp.Act(ActivationKind.RELU, where));
      case "Tanh" -> ops.add(new ChainOp.Act(ActivationKind.TANH, where));
      case "Sigmoid" -> ops.add(new ChainOp.Act(ActivationKind.SIGMOID, where));
      case "Elu" -> {
        float alpha = floatAttribute(node, "alpha", 1.0f);
        if (alpha != 1.0f) {
          throw new OnnxFormatException(
              file + ": " + describe(k) + " has alpha " + alpha + "; Reflex's ELU has alpha 1");
        }
        ops.add(new ChainOp.Act(ActivationKind.ELU, where));
      }
      case "LeakyRelu" -> {
        float alpha = floatAttribute(node, "alpha", 0.01f);
        if (alpha != ActivationKind.LEAKY_SLOPE) {
          throw new OnnxFormatException(
              file
                  + ": "
                  + describe(k)
                  + " has alpha "
                  + alpha
                  + "; Reflex's leaky ReLU has slope 0.01 (nn.LeakyReLU's default)");
        }
        ops.add(new ChainOp.Act(ActivationKind.LEAKY_RELU, where));
      }
      case "Gemm" -> {
        return gemm(k, node, dataIndex, width, where, ops);
      }
      case "MatMul" -> {
        if (dataIndex != 0) {
          throw new OnnxFormatException(
              file + ": " + describe(k) + " multiplies a constant by the data (expected data x W)");
        }
        OnnxTensors.Constant b = constant(k, node, 1);
        if (b.dims().length != 2 || b.dims()[0] != width) {
          throw new OnnxFormatException(
              file
                  + ": "
                  + describe(k)
                  + " has a weight of shape "
                  + b.shape()
                  + ", expected ["
                  + width
                  + ", out]");
        }
        int out = (int) b.dims()[1];
        double[] w = new double[out * width];
        for (int i = 0; i < width; i++) {
          for (int o = 0; o < out; o++) {
            w[o * width + i] = b.values()[i * out + o];
          }
        }
        ops.add(new ChainOp.Linear(width, out, w, new double[out], where));
        return out;
      }
      case "Add", "Sub", "Mul", "Div" -> {
        if (node.getInputCount() != 2) {
          throw new OnnxFormatException(
              file + ": " + describe(k) + " has " + node.getInputCount() + " inputs, expected 2");
        }
        double[] c = elementwise(k, node, 1 - dataIndex, width);
        double[] ones = {1.0};
        ops.add(
            switch (op) {
              case "Add" -> new ChainOp.Affine(ones, c, where);
              case "Sub" ->
                  dataIndex == 0
                      ? new ChainOp.Affine(ones, negate(c), where)
                      : new ChainOp.Affine(new double[] {-1.0}, c, where);
              case "Mul" -> new ChainOp.Affine(nonZero(k, c), new double[] {0.0}, where);
              default -> {
                if (dataIndex != 0) {
                  throw new OnnxFormatException(
                      file + ": " + describe(k) + " divides a constant by the data (not affine)");
                }
                double[] inv = nonZero(k, c).clone();
                for (int i = 0; i < inv.length; i++) {
                  inv[i] = 1.0 / inv[i];
                }
                yield new ChainOp.Affine(inv, new double[] {0.0}, where);
              }
            });
      }
      case "Max", "Min" -> {
        if (node.getInputCount() != 2) {
          throw new OnnxFormatException(
              file
                  + ": "
                  + describe(k)
                  + " has "
                  + node.getInputCount()
                  + " inputs, expected the data and one constant");
        }
        double[] c = elementwise(k, node, 1 - dataIndex, width);
        double[] open = {op.equals("Max") ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY};
        ops.add(
            op.equals("Max") ? new ChainOp.Clip(c, open, where) : new ChainOp.Clip(open, c, where));
      }
      case "Clip" -> {
        if (dataIndex != 0) {
          throw new OnnxFormatException(file + ": " + describe(k) + " clips a constant");
        }
        double low;
        double high;
        if (opset < 11) {
          low = floatAttribute(node, "min", Float.NEGATIVE_INFINITY);
          high = floatAttribute(node, "max", Float.POSITIVE_INFINITY);
        } else {
          low = scalarInput(k, node, 1, Double.NEGATIVE_INFINITY);
          high = scalarInput(k, node, 2, Double.POSITIVE_INFINITY);
        }
        ops.add(new ChainOp.Clip(new double[] {low}, new double[] {high}, where));
      }
      default -> throw new OnnxFormatException(file + ": unsupported " + describe(k));
    }
    return width;
  }

  private int gemm(int k, NodeProto node, int dataIndex, int width, String where, List<ChainOp> ops)
      throws OnnxFormatException {
    if (dataIndex != 0 || intAttribute(node, "transA", 0) != 0) {
      throw new OnnxFormatException(
          file + ": " + describe(k) + " must take the data as its first input, not transposed");
    }
    float alpha = floatAttribute(node, "alpha", 1f);
    float beta = floatAttribute(node, "beta", 1f);
    boolean transB = intAttribute(node, "transB", 0) != 0;
    OnnxTensors.Constant b = constant(k, node, 1);
    if (b.dims().length != 2 || b.dims()[transB ? 1 : 0] != width) {
      throw new OnnxFormatException(
          file
              + ": "
              + describe(k)
              + " has a weight of shape "
              + b.shape()
              + (transB ? " with transB, expected [out, " : ", expected [")
              + width
              + (transB ? "]" : ", out]"));
    }
    int out = (int) b.dims()[transB ? 0 : 1];
    double[] w = new double[out * width];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < width; i++) {
        w[o * width + i] = alpha * (transB ? b.values()[o * width + i] : b.values()[i * out + o]);
      }
    }
    double[] bias = new double[out];
    if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
      double[] c = elementwise(k, node, 2, out);
      for (int o = 0; o < out; o++) {
        bias[o] = beta * (c.length == 1 ? c[0] : c[o]);
      }
    }
    ops.add(new ChainOp.Linear(width, out, w, bias, where));
    return out;
  }

  /** A constant input of one value or one per element of a {@code width}-wide row. */
  private double[] elementwise(int k, NodeProto node, int index, int width)
      throws OnnxFormatException {
    OnnxTensors.Constant c = constant(k, node, index);
    boolean ok = c.size() == 1;
    if (!ok && c.dims().length > 0 && c.dims()[c.dims().length - 1] == width) {
      ok = c.size() == width;
    }
    if (!ok) {
      throw new OnnxFormatException(
          file
              + ": "
              + describe(k)
              + " has a constant of shape "
              + c.shape()
              + " ('"
              + c.name()
              + "'); expected one value or "
              + width
              + " (the width at that point)");
    }
    return c.values();
  }

  private double scalarInput(int k, NodeProto node, int index, double absent)
      throws OnnxFormatException {
    if (node.getInputCount() <= index || node.getInput(index).isEmpty()) {
      return absent;
    }
    OnnxTensors.Constant c = constant(k, node, index);
    if (c.size() != 1) {
      throw new OnnxFormatException(
          file + ": " + describe(k) + " has a bound of shape " + c.shape() + ", expected a scalar");
    }
    return c.values()[0];
  }

  private OnnxTensors.Constant constant(int k, NodeProto node, int index)
      throws OnnxFormatException {
    if (node.getInputCount() <= index || node.getInput(index).isEmpty()) {
      throw new OnnxFormatException(file + ": " + describe(k) + " lacks input " + index);
    }
    String name = node.getInput(index);
    OnnxTensors.Constant cached = constantValues.get(name);
    if (cached != null) {
      return cached;
    }
    TensorProto t = constants.get(name);
    if (t == null) {
      throw new OnnxFormatException(
          file
              + ": "
              + describe(k)
              + " takes '"
              + name
              + "', which is neither the data nor a constant (a second graph input?)");
    }
    OnnxTensors.Constant c = OnnxTensors.read(t, file + ": constant '" + name + "'");
    constantValues.put(name, c);
    return c;
  }

  private TensorProto constantTensor(NodeProto n, int k) throws OnnxFormatException {
    for (AttributeProto a : n.getAttributeList()) {
      switch (a.getName()) {
        case "value" -> {
          return a.getT().toBuilder().setName(n.getOutput(0)).build();
        }
        case "value_float" -> {
          return OnnxTensors.floats(n.getOutput(0), new long[0], new double[] {a.getF()});
        }
        case "value_floats" -> {
          double[] v = new double[a.getFloatsCount()];
          for (int i = 0; i < v.length; i++) {
            v[i] = a.getFloats(i);
          }
          return OnnxTensors.floats(n.getOutput(0), new long[] {v.length}, v);
        }
        default -> {}
      }
    }
    throw new OnnxFormatException(
        file + ": " + describe(k) + " holds no float value (value, value_float, value_floats)");
  }

  private ValueInfoProto observationInput() throws OnnxFormatException {
    List<ValueInfoProto> inputs = new ArrayList<>();
    for (ValueInfoProto v : graph.getInputList()) {
      if (!constants.containsKey(v.getName())) {
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

  private double[] nonZero(int k, double[] c) throws OnnxFormatException {
    for (double v : c) {
      if (v == 0) {
        throw new OnnxFormatException(file + ": " + describe(k) + " multiplies or divides by 0");
      }
    }
    return c;
  }

  private static double[] negate(double[] c) {
    double[] r = new double[c.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = -c[i];
    }
    return r;
  }

  private static float floatAttribute(NodeProto n, String name, float absent) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getF();
      }
    }
    return absent;
  }

  private static long intAttribute(NodeProto n, String name, long absent) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getI();
      }
    }
    return absent;
  }
}
