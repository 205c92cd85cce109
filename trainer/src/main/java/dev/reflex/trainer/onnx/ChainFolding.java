package dev.reflex.trainer.onnx;

import dev.reflex.format.ActorFile;
import dev.reflex.format.ActorScaling;
import dev.reflex.network.Activation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Folds an MLP chain ({@link ChainOp}s) into an {@link ActorFile}: the element-wise affine steps
 * and the Clip before the first layer become the observation normalisation ({@code obs_mean},
 * {@code obs_std}, {@code obs_clip}); affine steps between layers are folded into the weights; the
 * steps after the last layer (an activation, then affine steps and clips) become the action bounds,
 * with the last layer rescaled where the activation allows it. A chain that the actor file cannot
 * represent exactly is rejected with the step that is in the way.
 */
final class ChainFolding {
  private final String file;

  private ChainFolding(String file) {
    this.file = file;
  }

  /**
   * The actor computing {@code ops} on observations of {@code observationSize}.
   *
   * @param file starts every error message
   * @throws OnnxFormatException naming the file and the step
   */
  static ActorFile fold(String file, int observationSize, List<ChainOp> ops)
      throws OnnxFormatException {
    return new ChainFolding(file).fold(observationSize, ops);
  }

  private ActorFile fold(int obsSize, List<ChainOp> ops) throws OnnxFormatException {
    List<Integer> linears = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      if (ops.get(i) instanceof ChainOp.Linear) {
        linears.add(i);
      }
    }
    if (linears.isEmpty()) {
      throw new OnnxFormatException(
          file + ": the graph has no Gemm or MatMul layer; Reflex imports MLPs");
    }
    int layers = linears.size();
    double[][] w = new double[layers][];
    double[][] b = new double[layers][];
    int[] sizes = new int[layers + 1];
    Activation[] acts = new Activation[layers];
    Arrays.fill(acts, Activation.IDENTITY);
    for (int l = 0; l < layers; l++) {
      ChainOp.Linear lin = (ChainOp.Linear) ops.get(linears.get(l));
      w[l] = lin.weight().clone();
      b[l] = lin.bias().clone();
      sizes[l] = lin.in();
      sizes[l + 1] = lin.out();
    }

    // Before the first layer: affine* [clip affine*].
    double[] a = filled(obsSize, 1);
    double[] d = new double[obsSize];
    double clip = Double.POSITIVE_INFINITY;
    double[] postA = filled(obsSize, 1);
    double[] postD = new double[obsSize];
    boolean clipped = false;
    for (ChainOp op : ops.subList(0, linears.get(0))) {
      switch (op) {
        case ChainOp.Affine f -> {
          for (int i = 0; i < obsSize; i++) {
            double s = f.scaleAt(i);
            double t = f.shiftAt(i);
            if (clipped) {
              postA[i] *= s;
              postD[i] = postD[i] * s + t;
            } else {
              a[i] *= s;
              d[i] = d[i] * s + t;
            }
          }
        }
        case ChainOp.Clip c -> {
          if (clipped) {
            throw new OnnxFormatException(
                file + ": a second Clip before the first layer (" + c.where() + ")");
          }
          double low = c.lowAt(0);
          double high = c.highAt(0);
          for (int i = 1; i < obsSize; i++) {
            if (c.lowAt(i) != low || c.highAt(i) != high) {
              throw new OnnxFormatException(
                  file
                      + ": "
                      + c.where()
                      + " clips the observations to different ranges; Reflex's obs_clip is one"
                      + " bound for all");
            }
          }
          if (!(low < high) || Double.isInfinite(low) != Double.isInfinite(high)) {
            throw new OnnxFormatException(
                file
                    + ": "
                    + c.where()
                    + " clips the observation to ["
                    + low
                    + ", "
                    + high
                    + "]; Reflex's obs_clip bounds both sides");
          }
          clipped = true;
          if (Double.isFinite(low)) {
            double mid = (low + high) / 2;
            clip = (high - low) / 2;
            for (int i = 0; i < obsSize; i++) {
              d[i] -= mid;
              postD[i] = mid;
            }
          }
        }
        default ->
            throw new OnnxFormatException(
                file + ": " + op.where() + " comes before the first layer (an activation there?)");
      }
    }
    double[] mean = new double[obsSize];
    double[] std = new double[obsSize];
    for (int i = 0; i < obsSize; i++) {
      if (a[i] == 0 || !Double.isFinite(a[i]) || !Double.isFinite(d[i])) {
        throw new OnnxFormatException(
            file + ": the observation normaliser scales observation " + i + " by " + a[i]);
      }
      std[i] = 1 / Math.abs(a[i]);
      mean[i] = -d[i] / a[i];
      double sign = Math.signum(a[i]);
      foldIntoInputs(w[0], b[0], sizes[0], sizes[1], i, sign * postA[i], postD[i]);
    }

    // Between layers: affine* [act] affine*; after the last layer only affine* [act] (the rest is
    // the output scaling, read by outputBounds).
    for (int l = 0; l < layers; l++) {
      boolean last = l + 1 == layers;
      int end = last ? ops.size() : linears.get(l + 1);
      boolean activated = false;
      for (ChainOp op : ops.subList(linears.get(l) + 1, end)) {
        if (last && (activated || op instanceof ChainOp.Clip)) {
          break;
        }
        switch (op) {
          case ChainOp.Affine f -> {
            for (int j = 0; j < sizes[l + 1]; j++) {
              if (!activated) {
                foldIntoOutput(w[l], b[l], sizes[l], j, f.scaleAt(j), f.shiftAt(j));
              } else {
                foldIntoInputs(
                    w[l + 1], b[l + 1], sizes[l + 1], sizes[l + 2], j, f.scaleAt(j), f.shiftAt(j));
              }
            }
          }
          case ChainOp.Act act -> {
            if (activated) {
              throw new OnnxFormatException(
                  file + ": " + act.where() + " is a second activation after the same layer");
            }
            activated = true;
            acts[l] = act.kind();
          }
          case ChainOp.Clip c ->
              throw new OnnxFormatException(
                  file
                      + ": "
                      + c.where()
                      + " between two layers is not supported (a Clip may come before the first"
                      + " layer or after the last)");
          default -> throw new IllegalStateException(op.toString());
        }
      }
    }
    double[][] bounds =
        OutputBounds.fold(
            file,
            ops.subList(linears.get(layers - 1), ops.size()),
            acts[layers - 1],
            w[layers - 1],
            b[layers - 1],
            sizes[layers - 1],
            sizes[layers]);
    ActorScaling scaling;
    try {
      scaling = new ActorScaling(mean, std, clip, bounds[0], bounds[1]);
    } catch (IllegalArgumentException e) {
      throw new OnnxFormatException(file + ": " + e.getMessage());
    }
    return ActorFile.fromDoubleLayers(sizes, w, b, acts, scaling);
  }

  /** Input {@code i} of a layer becomes {@code s x_i + t}: column i scaled, bias shifted. */
  static void foldIntoInputs(double[] w, double[] b, int in, int out, int i, double s, double t) {
    for (int o = 0; o < out; o++) {
      b[o] += w[o * in + i] * t;
      w[o * in + i] *= s;
    }
  }

  /** Output {@code j} of a layer becomes {@code s y_j + t}: row j scaled, bias scaled, shifted. */
  static void foldIntoOutput(double[] w, double[] b, int in, int j, double s, double t) {
    for (int i = 0; i < in; i++) {
      w[j * in + i] *= s;
    }
    b[j] = b[j] * s + t;
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    Arrays.fill(a, v);
    return a;
  }
}
