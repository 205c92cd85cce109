package dev.reflex.trainer.onnx;

import dev.reflex.format.ActorFile;
import dev.reflex.trainer.onnx.proto.OnnxProto.ModelProto;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An ONNX policy (a feed-forward MLP graph, e.g. Isaac Lab's or RSL-RL's {@code policy.onnx}, or
 * {@code torch.onnx.export} of an {@code nn.Sequential}) to a Reflex {@link ActorFile}: the graph's
 * observation normaliser becomes {@code obs_mean}/{@code obs_std}/{@code obs_clip}, its layers and
 * activations the actor's, and its output scaling and clipping the action bounds.
 *
 * <p>What the graph leaves out can be given in {@link Options}: a normaliser applied before the
 * graph (e.g. Stable-Baselines3's {@code VecNormalize} statistics) and bounds for an output the
 * graph does not bound, meaning "output -1 is {@code actionLow}, +1 is {@code actionHigh}" (the
 * Stable-Baselines3 convention; Reflex clamps to them).
 */
public final class OnnxImporter {
  private OnnxImporter() {}

  /**
   * What to add around the graph; {@code null} arrays for none.
   *
   * @param obsMean subtracted from the observation before the graph
   * @param obsStd the observation is divided by it before the graph
   * @param obsClip bound on the normalised observation before the graph, infinite for none
   * @param actionLow the action that graph output -1 stands for
   * @param actionHigh the action that graph output +1 stands for
   */
  public record Options(
      double[] obsMean, double[] obsStd, double obsClip, double[] actionLow, double[] actionHigh) {
    /** Nothing added: the graph alone. */
    public static Options none() {
      return new Options(null, null, Double.POSITIVE_INFINITY, null, null);
    }
  }

  /**
   * Reads {@code file} and converts it.
   *
   * @throws OnnxFormatException one line naming the file and what is not supported, e.g. {@code
   *     policy.onnx: unsupported node #3 Conv '/conv/Conv'; Reflex imports feed-forward MLPs ...}
   */
  public static ActorFile read(Path file, Options options) throws IOException {
    return convert(file.toString(), OnnxModels.read(file), options);
  }

  /** As {@link #read} for a model in memory; {@code name} starts error messages. */
  public static ActorFile convert(String name, ModelProto model, Options options)
      throws OnnxFormatException {
    OnnxChain.Chain chain = OnnxChain.read(name, model);
    int obs = chain.observationSize();
    List<ChainOp> ops = new ArrayList<>();
    String flags = "--obs-mean/--obs-std/--obs-clip";
    if (options.obsMean() != null || options.obsStd() != null) {
      double[] mean = sized(name, "--obs-mean", options.obsMean(), obs, 0.0);
      double[] std = sized(name, "--obs-std", options.obsStd(), obs, 1.0);
      double[] scale = new double[obs];
      double[] shift = new double[obs];
      for (int i = 0; i < obs; i++) {
        if (!(std[i] > 0) || !Double.isFinite(std[i]) || !Double.isFinite(mean[i])) {
          throw new OnnxFormatException(
              name + ": --obs-std[" + i + "] = " + std[i] + " must be finite and > 0");
        }
        scale[i] = 1 / std[i];
        shift[i] = -mean[i] / std[i];
      }
      ops.add(new ChainOp.Affine(scale, shift, flags));
    }
    if (Double.isFinite(options.obsClip())) {
      double c = options.obsClip();
      ops.add(new ChainOp.Clip(new double[] {-c}, new double[] {c}, flags));
    }
    ops.addAll(chain.ops());
    if (options.actionLow() != null || options.actionHigh() != null) {
      if (options.actionLow() == null || options.actionHigh() == null) {
        throw new OnnxFormatException(name + ": give both --action-low and --action-high");
      }
      int act = actionSize(chain.ops());
      if (act < 0) {
        throw new OnnxFormatException(
            name + ": the graph has no Gemm or MatMul layer; Reflex imports MLPs");
      }
      double[] low = sized(name, "--action-low", options.actionLow(), act, 0);
      double[] high = sized(name, "--action-high", options.actionHigh(), act, 0);
      double[] scale = new double[act];
      double[] shift = new double[act];
      for (int j = 0; j < act; j++) {
        if (!(low[j] < high[j]) || !Double.isFinite(low[j]) || !Double.isFinite(high[j])) {
          throw new OnnxFormatException(
              name
                  + ": action bounds ["
                  + low[j]
                  + ", "
                  + high[j]
                  + "] at index "
                  + j
                  + " must be finite with low < high");
        }
        scale[j] = (high[j] - low[j]) / 2;
        shift[j] = (high[j] + low[j]) / 2;
      }
      String where = "--action-low/--action-high";
      ops.add(new ChainOp.Affine(scale, shift, where));
      ops.add(new ChainOp.Clip(low, high, where));
    }
    return ChainFolding.fold(name, obs, ops);
  }

  private static int actionSize(List<ChainOp> ops) {
    int width = -1;
    for (ChainOp op : ops) {
      if (op instanceof ChainOp.Linear l) {
        width = l.out();
      }
    }
    return width;
  }

  private static double[] sized(String name, String flag, double[] given, int n, double fill)
      throws OnnxFormatException {
    if (given == null) {
      double[] a = new double[n];
      java.util.Arrays.fill(a, fill);
      return a;
    }
    if (given.length != n) {
      throw new OnnxFormatException(
          name + ": " + flag + " has " + given.length + " values, the network needs " + n);
    }
    return given;
  }
}
