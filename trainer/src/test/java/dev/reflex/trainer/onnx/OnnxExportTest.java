package dev.reflex.trainer.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reflex.format.ActorFile;
import dev.reflex.format.ActorScaling;
import dev.reflex.network.Activation;
import dev.reflex.network.kernel.DenseForwardF32;
import dev.reflex.policy.CompactActor;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported model run by ONNX Runtime against the compact actor (the path of {@code infer}). */
class OnnxExportTest {
  @TempDir Path dir;

  /** A random actor with a normaliser, an obs clip and asymmetric bounds. */
  static ActorFile randomActor(Random rnd, int[] sizes, Activation[] acts, double clip) {
    int n = sizes.length - 1;
    double[][] w = new double[n][];
    double[][] b = new double[n][];
    for (int k = 0; k < n; k++) {
      w[k] = new double[sizes[k] * sizes[k + 1]];
      for (int i = 0; i < w[k].length; i++) {
        w[k][i] = rnd.nextGaussian() * 1.5 / Math.sqrt(sizes[k]);
      }
      b[k] = new double[sizes[k + 1]];
      for (int i = 0; i < b[k].length; i++) {
        b[k][i] = rnd.nextGaussian() * 0.2;
      }
    }
    double[] mean = new double[sizes[0]];
    double[] std = new double[sizes[0]];
    for (int i = 0; i < mean.length; i++) {
      mean[i] = rnd.nextGaussian() * 3;
      std[i] = 0.5 + rnd.nextDouble() * 4;
    }
    double[] low = new double[sizes[n]];
    double[] high = new double[sizes[n]];
    for (int j = 0; j < low.length; j++) {
      low[j] = -1 - rnd.nextDouble() * 5;
      high[j] = low[j] + 0.5 + rnd.nextDouble() * 10;
    }
    return ActorFile.fromDoubleLayers(
        sizes, w, b, acts, new ActorScaling(mean, std, clip, low, high));
  }

  static double[][] observations(Random rnd, ActorFile a, int count) {
    double[][] obs = new double[count][a.observationSize()];
    for (double[] o : obs) {
      for (int i = 0; i < o.length; i++) {
        o[i] = a.scaling().obsMean()[i] + a.scaling().obsStd()[i] * rnd.nextGaussian() * 2.5;
      }
    }
    return obs;
  }

  /** Float32 tolerance relative to the action range (as CompactActorTest allows its kernels). */
  static void assertAgree(ActorFile a, double[] expected, float[] actual, String what) {
    double[] lo = a.scaling().actionLow();
    double[] hi = a.scaling().actionHigh();
    for (int j = 0; j < expected.length; j++) {
      assertEquals(expected[j], actual[j], 2e-5 * (hi[j] - lo[j]), what + " action " + j);
    }
  }

  @Test
  void shouldRunInOnnxRuntimeToTheCompactActorsActionsForEveryActivation() throws Exception {
    Random rnd = new Random(3);
    Activation[] kinds = Activation.values();
    for (Activation hidden : kinds) {
      for (Activation output : new Activation[] {Activation.TANH, hidden}) {
        for (double clip : new double[] {Double.POSITIVE_INFINITY, 3.0}) {
          ActorFile actor =
              randomActor(
                  rnd, new int[] {7, 33, 17, 3}, new Activation[] {hidden, hidden, output}, clip);
          Path file = dir.resolve(hidden.id() + "-" + output.id() + "-" + clip + ".onnx");
          OnnxExporter.write(actor, file);
          double[][] obs = observations(rnd, actor, 50);

          float[][] ort = OrtRunner.run(file, "obs", obs);

          CompactActor compact = new CompactActor(actor, DenseForwardF32.best());
          double[] action = new double[actor.actionSize()];
          for (int n = 0; n < obs.length; n++) {
            compact.act(obs[n], action);
            assertAgree(actor, action, ort[n], file.getFileName() + " row " + n);
          }
        }
      }
    }
  }

  @Test
  void shouldImportItsOwnExportToTheSameLayersActivationsAndActions() throws Exception {
    Random rnd = new Random(4);
    ActorFile actor =
        randomActor(
            rnd,
            new int[] {4, 16, 16, 2},
            new Activation[] {Activation.ELU, Activation.LEAKY_RELU, Activation.TANH},
            5.0);
    Path file = dir.resolve("actor.onnx");
    OnnxExporter.write(actor, file);

    ActorFile back = OnnxImporter.read(file, OnnxImporter.Options.none());

    assertArrayEquals(actor.layerSizes(), back.layerSizes());
    assertArrayEquals(actor.activations(), back.activations());
    for (int k = 0; k < actor.layerCount(); k++) {
      assertArrayEquals(actor.weights(k), back.weights(k), 1e-6f, "layer " + k);
      assertArrayEquals(actor.biases(k), back.biases(k), 1e-6f, "layer " + k);
    }
    assertArrayEquals(actor.scaling().obsMean(), back.scaling().obsMean(), 1e-5);
    assertArrayEquals(actor.scaling().obsStd(), back.scaling().obsStd(), 1e-5);
    assertEquals(actor.scaling().obsClip(), back.scaling().obsClip(), 1e-6);
    assertArrayEquals(actor.scaling().actionLow(), back.scaling().actionLow(), 1e-5);
    assertArrayEquals(actor.scaling().actionHigh(), back.scaling().actionHigh(), 1e-5);
    CompactActor a = new CompactActor(actor);
    CompactActor b = new CompactActor(back);
    double[] x = new double[2];
    double[] y = new double[2];
    for (double[] o : observations(rnd, actor, 100)) {
      a.act(o, x);
      b.act(o, y);
      float[] yf = {(float) y[0], (float) y[1]};
      assertAgree(actor, x, yf, "round trip");
    }
  }
}
