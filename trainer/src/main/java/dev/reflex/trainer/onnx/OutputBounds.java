package dev.reflex.trainer.onnx;

import dev.reflex.network.Activation;
import java.util.Arrays;
import java.util.List;

/**
 * The steps after an MLP's last layer as the actor file's action bounds. The graph computes {@code
 * clip(A act(z) + D, L, H)} per action (its Mul/Add/Sub/Div by constants composed into A and D, its
 * Clip/Max/Min into L and H); the actor file computes {@code low + (y + 1) (high - low) / 2}
 * clamped to {@code [low, high]}. Tanh and sigmoid give {@code low, high = D -+ A} (a negative A is
 * folded into the last layer), a linear output any finite clip (the last layer rescaled to it),
 * ReLU and leaky ReLU a clip they can be rescaled to, ELU only the clip {@code D + A} above. Every
 * other case is rejected with the action and the range.
 */
final class OutputBounds {
  /** Relative tolerance of a bound derived from float32 constants. */
  private static final double TOLERANCE = 1e-6;

  private final String file;

  private OutputBounds(String file) {
    this.file = file;
  }

  /**
   * The action bounds of the steps after the last layer, which it rescales where needed.
   *
   * @param file starts every error message
   * @param ops the last layer (first) and the steps after it. Not modified.
   * @param kind the last layer's activation
   * @param wl the last layer's weights, {@code [out, in]}. Modified.
   * @param bl the last layer's biases. Modified.
   * @return {@code {low, high}}
   * @throws OnnxFormatException naming the file and the step the actor file cannot represent
   */
  static double[][] fold(
      String file, List<ChainOp> ops, Activation kind, double[] wl, double[] bl, int in, int out)
      throws OnnxFormatException {
    return new OutputBounds(file).fold(ops, kind, wl, bl, in, out);
  }

  private double[][] fold(
      List<ChainOp> ops, Activation kind, double[] wl, double[] bl, int in, int out)
      throws OnnxFormatException {
    int lastLinear = 0;
    double[] aa = filled(out, 1);
    double[] dd = new double[out];
    double[] ll = filled(out, Double.NEGATIVE_INFINITY);
    double[] hh = filled(out, Double.POSITIVE_INFINITY);
    boolean afterAct = false;
    String lastWhere = ops.get(lastLinear).where();
    for (ChainOp op : ops.subList(lastLinear + 1, ops.size())) {
      if (!afterAct) {
        if (op instanceof ChainOp.Act) {
          afterAct = true;
          lastWhere = op.where();
          continue;
        }
        if (op instanceof ChainOp.Affine) {
          lastWhere = op.where();
          continue; // folded into the last layer above
        }
        afterAct = true;
      }
      lastWhere = op.where();
      switch (op) {
        case ChainOp.Affine f -> {
          for (int j = 0; j < out; j++) {
            double s = f.scaleAt(j);
            double t = f.shiftAt(j);
            aa[j] *= s;
            dd[j] = dd[j] * s + t;
            double lo = ll[j] * s + t;
            double hi = hh[j] * s + t;
            ll[j] = s > 0 ? lo : hi;
            hh[j] = s > 0 ? hi : lo;
          }
        }
        case ChainOp.Clip c -> {
          for (int j = 0; j < out; j++) {
            ll[j] = Math.max(ll[j], c.lowAt(j));
            hh[j] = Math.min(hh[j], c.highAt(j));
            if (!(ll[j] < hh[j])) {
              throw new OnnxFormatException(
                  file + ": " + c.where() + " makes action " + j + " a constant " + ll[j]);
            }
          }
        }
        case ChainOp.Act act ->
            throw new OnnxFormatException(
                file + ": " + act.where() + " is a second activation after the last layer");
        default -> throw new IllegalStateException(op.toString());
      }
    }
    double[] low = new double[out];
    double[] high = new double[out];
    for (int j = 0; j < out; j++) {
      double aj = aa[j];
      double dj = dd[j];
      double lj = ll[j];
      double hj = hh[j];
      if (aj < 0 && (kind == Activation.TANH || kind == Activation.SIGMOID)) {
        ChainFolding.foldIntoOutput(
            wl, bl, in, j, -1, 0); // tanh(-z) = -tanh(z), sigmoid(-z) = 1 - sigmoid(z)
        if (kind == Activation.SIGMOID) {
          dj += aj;
        }
        aj = -aj;
      }
      if (aj < 0 && kind != Activation.IDENTITY) {
        throw new OnnxFormatException(
            file
                + ": action "
                + j
                + " is scaled by "
                + aj
                + " after "
                + kind.id()
                + ", which Reflex cannot fold (only after tanh, sigmoid or no activation)");
      }
      boolean boundedBelow =
          kind == Activation.TANH
              || kind == Activation.SIGMOID
              || kind == Activation.RELU
              || kind == Activation.ELU;
      boolean boundedAbove = kind == Activation.TANH || kind == Activation.SIGMOID;
      if ((!boundedAbove && Double.isInfinite(hj)) || (!boundedBelow && Double.isInfinite(lj))) {
        throw new OnnxFormatException(
            file
                + ": action "
                + j
                + " is unbounded (the graph ends in "
                + lastWhere
                + " with no Tanh, Sigmoid or Clip after the last layer); give --action-low and"
                + " --action-high (the actions that outputs -1 and +1 stand for)");
      }
      double tol = TOLERANCE * (1 + Math.abs(dj) + Math.abs(aj));
      switch (kind) {
        case IDENTITY -> {
          double c = (lj + hj) / 2;
          double h = (hj - lj) / 2;
          ChainFolding.foldIntoOutput(wl, bl, in, j, aj / h, (dj - c) / h);
          low[j] = lj;
          high[j] = hj;
        }
        case TANH, SIGMOID -> {
          double rangeLow = kind == Activation.TANH ? dj - aj : dj;
          if (lj > rangeLow + tol || hj < dj + aj - tol) {
            throw cuts(j, kind, lj, hj, rangeLow, dj + aj);
          }
          low[j] = dj - aj;
          high[j] = dj + aj;
        }
        case RELU -> {
          if (lj > dj + tol || !(hj > dj)) {
            throw cuts(j, kind, lj, hj, dj, Double.POSITIVE_INFINITY);
          }
          double h = hj - dj;
          ChainFolding.foldIntoOutput(wl, bl, in, j, aj / h, 0);
          low[j] = dj - h;
          high[j] = hj;
        }
        case LEAKY_RELU -> {
          double h = (hj - lj) / 2;
          if (Math.abs((lj + hj) / 2 - dj) > tol) {
            throw new OnnxFormatException(
                file
                    + ": action "
                    + j
                    + " is clipped to ["
                    + lj
                    + ", "
                    + hj
                    + "] around "
                    + dj
                    + " after leaky_relu; Reflex needs bounds centred on the offset");
          }
          ChainFolding.foldIntoOutput(wl, bl, in, j, aj / h, 0);
          low[j] = lj;
          high[j] = hj;
        }
        case ELU -> {
          if (lj > dj - aj + tol || Math.abs(hj - (dj + aj)) > tol) {
            throw cuts(j, kind, lj, hj, dj - aj, Double.POSITIVE_INFINITY);
          }
          low[j] = dj - aj;
          high[j] = dj + aj;
        }
      }
    }
    return new double[][] {low, high};
  }

  private OnnxFormatException cuts(
      int j, Activation kind, double l, double h, double rangeLow, double rangeHigh) {
    return new OnnxFormatException(
        file
            + ": action "
            + j
            + " is clipped to ["
            + l
            + ", "
            + h
            + "] inside the range ["
            + rangeLow
            + ", "
            + rangeHigh
            + "] of the scaled "
            + kind.id()
            + " output; Reflex's action bounds are that range (clip after a linear output instead)");
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    Arrays.fill(a, v);
    return a;
  }
}
