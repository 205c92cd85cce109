package dev.reflex.trainer.onnx;

import dev.reflex.network.Activation;
import dev.reflex.trainer.onnx.proto.OnnxProto.AttributeProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.GraphProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.NodeProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.TensorProto;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One ONNX node on the chain to its {@link ChainOp}: the node's constant inputs (initializers and
 * {@code Constant} nodes) read and checked against the width of the data at that point, its
 * attributes (Gemm's alpha, beta, transB; Elu's and LeakyRelu's alpha; Clip's bounds by opset)
 * applied.
 */
final class NodeSteps {
  private final String file;
  private final GraphProto graph;
  private final long opset;
  private final Map<String, TensorProto> constants = new HashMap<>();
  private final Map<String, OnnxTensors.Constant> constantValues = new HashMap<>();

  private NodeSteps(String file, GraphProto graph, long opset) {
    this.file = file;
    this.graph = graph;
    this.opset = opset;
  }

  /** The steps of {@code graph}'s nodes, with its initializers and Constant nodes as constants. */
  static NodeSteps of(String file, GraphProto graph, long opset) throws OnnxFormatException {
    NodeSteps s = new NodeSteps(file, graph, opset);
    for (TensorProto t : graph.getInitializerList()) {
      s.constants.put(t.getName(), t);
    }
    for (int k = 0; k < graph.getNodeCount(); k++) {
      NodeProto n = graph.getNode(k);
      if (n.getOpType().equals("Constant")) {
        s.constants.put(n.getOutput(0), s.constantTensor(n, k));
      }
    }
    return s;
  }

  /** Whether {@code name} is an initializer or a Constant node's output. */
  boolean isConstant(String name) {
    return constants.containsKey(name);
  }

  /** Appends the step(s) of node {@code k} whose data input is {@code x}; returns the new width. */
  int step(int k, NodeProto node, String x, int width, List<ChainOp> ops)
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
      case "Relu" -> ops.add(new ChainOp.Act(Activation.RELU, where));
      case "Tanh" -> ops.add(new ChainOp.Act(Activation.TANH, where));
      case "Sigmoid" -> ops.add(new ChainOp.Act(Activation.SIGMOID, where));
      case "Elu" -> {
        float alpha = floatAttribute(node, "alpha", 1.0f);
        if (alpha != 1.0f) {
          throw new OnnxFormatException(
              file + ": " + describe(k) + " has alpha " + alpha + "; Reflex's ELU has alpha 1");
        }
        ops.add(new ChainOp.Act(Activation.ELU, where));
      }
      case "LeakyRelu" -> {
        float alpha = floatAttribute(node, "alpha", 0.01f);
        if (alpha != Activation.LEAKY_SLOPE) {
          throw new OnnxFormatException(
              file
                  + ": "
                  + describe(k)
                  + " has alpha "
                  + alpha
                  + "; Reflex's leaky ReLU has slope 0.01 (nn.LeakyReLU's default)");
        }
        ops.add(new ChainOp.Act(Activation.LEAKY_RELU, where));
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

  private String describe(int k) {
    return OnnxChain.describe(graph, k);
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
