package dev.reflex.trainer.onnx;

import dev.reflex.network.Activation;

/**
 * One step of an MLP graph, in the order the data flows: what {@link OnnxChain} reads out of the
 * ONNX nodes and {@link ChainFolding} folds into an actor. Per-element arrays have one value (a
 * broadcast scalar) or one per element.
 */
sealed interface ChainOp {
  /** Where the step came from, e.g. {@code node #3 Gemm '/0/Gemm'}, for error messages. */
  String where();

  /** {@code y = scale * x + shift}, element-wise. */
  record Affine(double[] scale, double[] shift, String where) implements ChainOp {
    double scaleAt(int i) {
      return scale.length == 1 ? scale[0] : scale[i];
    }

    double shiftAt(int i) {
      return shift.length == 1 ? shift[0] : shift[i];
    }
  }

  /** {@code y = min(max(x, low), high)}, element-wise; infinite for an open side. */
  record Clip(double[] low, double[] high, String where) implements ChainOp {
    double lowAt(int i) {
      return low.length == 1 ? low[0] : low[i];
    }

    double highAt(int i) {
      return high.length == 1 ? high[0] : high[i];
    }
  }

  /** {@code y = W x + b}, {@code W} as {@code [out, in]} row-major. */
  record Linear(int in, int out, double[] weight, double[] bias, String where) implements ChainOp {}

  /** An element-wise activation. */
  record Act(Activation kind, String where) implements ChainOp {}
}
