package dev.reflex.trainer.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.format.ActorFile;
import dev.reflex.network.Activation;
import dev.reflex.policy.CompactActor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Chains folded into actors compute what the chain computes, step by step in double, for every
 * folding the import does: negative scales, asymmetric observation clips, affine steps between
 * layers, and each output activation with its clip.
 */
class ChainFoldingTest {
  private final Random rnd = new Random(21);

  private static final int OBS = 4;

  private ChainOp.Linear linear(int in, int out) {
    double[] w = new double[in * out];
    double[] b = new double[out];
    for (int i = 0; i < w.length; i++) {
      w[i] = rnd.nextGaussian() * 1.2 / Math.sqrt(in);
    }
    for (int o = 0; o < out; o++) {
      b[o] = rnd.nextGaussian() * 0.3;
    }
    return new ChainOp.Linear(in, out, w, b, "linear");
  }

  private static ChainOp.Affine affine(double[] scale, double[] shift) {
    return new ChainOp.Affine(scale, shift, "affine");
  }

  private static ChainOp.Affine mul(double s) {
    return affine(new double[] {s}, new double[] {0});
  }

  private static ChainOp.Affine add(double t) {
    return affine(new double[] {1}, new double[] {t});
  }

  private static ChainOp.Clip clip(double low, double high) {
    return new ChainOp.Clip(new double[] {low}, new double[] {high}, "clip");
  }

  private static ChainOp.Act act(Activation k) {
    return new ChainOp.Act(k, k.id());
  }

  /** The chain, step by step in double. */
  private static double[] evaluate(List<ChainOp> ops, double[] obs) {
    double[] x = obs.clone();
    for (ChainOp op : ops) {
      switch (op) {
        case ChainOp.Affine f -> {
          for (int i = 0; i < x.length; i++) {
            x[i] = f.scaleAt(i) * x[i] + f.shiftAt(i);
          }
        }
        case ChainOp.Clip c -> {
          for (int i = 0; i < x.length; i++) {
            x[i] = Math.max(c.lowAt(i), Math.min(c.highAt(i), x[i]));
          }
        }
        case ChainOp.Linear l -> {
          double[] y = new double[l.out()];
          for (int o = 0; o < l.out(); o++) {
            y[o] = l.bias()[o];
            for (int i = 0; i < l.in(); i++) {
              y[o] += l.weight()[o * l.in() + i] * x[i];
            }
          }
          x = y;
        }
        case ChainOp.Act a -> {
          for (int i = 0; i < x.length; i++) {
            x[i] = a.kind().apply(x[i]);
          }
        }
      }
    }
    return x;
  }

  private void assertFoldsExactly(List<ChainOp> ops) throws Exception {
    ActorFile actor = ChainFolding.fold("t.onnx", OBS, ops);
    CompactActor compact = new CompactActor(actor);
    double[] action = new double[actor.actionSize()];
    for (int n = 0; n < 300; n++) {
      double[] obs = new double[OBS];
      for (int i = 0; i < OBS; i++) {
        obs[i] = rnd.nextGaussian() * 4;
      }
      double[] expected = evaluate(ops, obs);
      compact.act(obs, action);
      for (int j = 0; j < expected.length; j++) {
        assertEquals(expected[j], action[j], 1e-4 * (1 + Math.abs(expected[j])), "action " + j);
      }
    }
  }

  private List<ChainOp> chain(Object... parts) {
    List<ChainOp> ops = new ArrayList<>();
    for (Object p : parts) {
      ops.add((ChainOp) p);
    }
    return ops;
  }

  @Test
  void shouldFoldANormaliserAndANegativeScaleAfterTanh() throws Exception {
    double[] mean = {1, -2, 0.5, 3};
    double[] inv = {0.5, 2, 1, 0.25};
    List<ChainOp> ops =
        chain(
            affine(new double[] {1}, new double[] {-1, 2, -0.5, -3}),
            affine(inv, new double[] {0}),
            clip(-3, 3),
            linear(OBS, 16),
            act(Activation.RELU),
            linear(16, 2),
            act(Activation.TANH),
            mul(-2),
            add(1));
    assertFoldsExactly(ops);
    ActorFile a = ChainFolding.fold("t.onnx", OBS, ops);
    assertEquals(mean[1], a.scaling().obsMean()[1], 1e-12);
    assertEquals(0.5, a.scaling().obsStd()[1], 1e-12);
    assertEquals(3.0, a.scaling().obsClip());
    assertEquals(-1.0, a.scaling().actionLow()[0], 1e-12);
    assertEquals(3.0, a.scaling().actionHigh()[0], 1e-12);
  }

  @Test
  void shouldFoldAMirroredObservationAnAsymmetricClipAndANegativeSigmoidScale() throws Exception {
    assertFoldsExactly(
        chain(
            affine(new double[] {-1, 1, -0.5, 2}, new double[] {0.3, 0, 1, -1}),
            clip(-1, 4),
            mul(0.7),
            add(0.2),
            linear(OBS, 12),
            act(Activation.ELU),
            mul(1.5),
            linear(12, 3),
            act(Activation.SIGMOID),
            mul(-3),
            add(0.5)));
  }

  @Test
  void shouldRescaleALinearOutputToItsClip() throws Exception {
    assertFoldsExactly(
        chain(
            linear(OBS, 10),
            act(Activation.LEAKY_RELU),
            linear(10, 2),
            mul(2),
            add(1),
            clip(-1, 3)));
  }

  @Test
  void shouldRescaleReluAndLeakyReluOutputsAndKeepAnEluOutputsUpperClip() throws Exception {
    assertFoldsExactly(
        chain(
            linear(OBS, 8),
            act(Activation.RELU),
            linear(8, 2),
            act(Activation.RELU),
            mul(1.5),
            add(0.2),
            clip(-1, 2)));
    assertFoldsExactly(
        chain(
            linear(OBS, 8),
            act(Activation.TANH),
            linear(8, 2),
            act(Activation.LEAKY_RELU),
            mul(2),
            clip(-4, 4)));
    assertFoldsExactly(
        chain(
            linear(OBS, 8),
            act(Activation.RELU),
            linear(8, 2),
            act(Activation.ELU),
            mul(2),
            add(1),
            clip(-5, 3)));
  }

  @Test
  void shouldRejectWhatTheActorFileCannotSay() {
    String cut =
        assertThrows(
                OnnxFormatException.class,
                () ->
                    ChainFolding.fold(
                        "t.onnx",
                        OBS,
                        chain(linear(OBS, 2), act(Activation.TANH), clip(-0.5, 0.5))))
            .getMessage();
    assertTrue(cut.contains("is clipped to [-0.5, 0.5] inside the range [-1.0, 1.0]"), cut);
    String off =
        assertThrows(
                OnnxFormatException.class,
                () ->
                    ChainFolding.fold(
                        "t.onnx",
                        OBS,
                        chain(linear(OBS, 2), act(Activation.LEAKY_RELU), add(1), clip(-1, 1))))
            .getMessage();
    assertTrue(off.contains("Reflex needs bounds centred on the offset"), off);
    String two =
        assertThrows(
                OnnxFormatException.class,
                () ->
                    ChainFolding.fold(
                        "t.onnx",
                        OBS,
                        chain(
                            linear(OBS, 3),
                            act(Activation.RELU),
                            act(Activation.TANH),
                            linear(3, 1),
                            act(Activation.TANH))))
            .getMessage();
    assertTrue(two.contains("tanh is a second activation after the same layer"), two);
  }
}
