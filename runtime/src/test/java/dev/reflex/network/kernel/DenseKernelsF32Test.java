package dev.reflex.network.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.network.Activation;
import dev.reflex.testing.Allocations;
import dev.reflex.testing.ChildJvm;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Both float32 training kernels against a double reference computed here, on the shapes of the
 * learner (tiny inputs, one output, 64 and 256 wide) and awkward ones (widths that are no multiple
 * of a vector). Tolerance: the float32 rounding of a sum, {@code 2e-6 · Σ|terms| + 1e-7}.
 */
class DenseKernelsF32Test {
  private static final int[][] SHAPES = {
    {1, 3, 64},
    {7, 4, 64},
    {100, 64, 64},
    {100, 64, 1},
    {13, 3, 1},
    {5, 17, 33},
    {64, 256, 256},
    {9, 65, 5},
    {6, 1, 16},
    {3, 300, 400}
  };
  private static final Activation[] ACTS = {Activation.RELU, Activation.TANH, Activation.IDENTITY};

  private static DenseKernelsF32[] kernels() {
    return new DenseKernelsF32[] {new VectorDenseKernelsF32(), new ScalarDenseKernelsF32()};
  }

  private static float[] random(int n, SplittableRandom rng) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (2 * rng.nextDouble() - 1);
    }
    return a;
  }

  private static void close(double ref, double scale, float got, String what) {
    double tol = 2e-6 * scale + 1e-7;
    assertTrue(Math.abs(ref - got) <= tol, what + ": " + got + " vs " + ref + " (tol " + tol + ")");
  }

  private static double act(Activation a, double z) {
    return switch (a) {
      case RELU -> Math.max(0, z);
      case TANH -> Math.tanh(z);
      default -> z;
    };
  }

  private static double deriv(Activation a, double post) {
    return switch (a) {
      case RELU -> post > 0 ? 1 : 0;
      case TANH -> 1 - post * post;
      default -> 1;
    };
  }

  @Test
  void shouldAgreeWithADoubleReferenceOnEveryProductShapeAndActivation() {
    SplittableRandom rng = new SplittableRandom(5);
    for (DenseKernelsF32 k : kernels()) {
      for (int[] s : SHAPES) {
        int n = s[0];
        int in = s[1];
        int out = s[2];
        float[] x = random(n * in, rng);
        float[] wt = random(in * out, rng);
        float[] b = random(out, rng);
        float[] dy = random(n * out, rng);
        float[] w = new float[in * out];
        for (int kk = 0; kk < in; kk++) {
          for (int o = 0; o < out; o++) {
            w[o * in + kk] = wt[kk * out + o];
          }
        }
        String shape = k.name() + " " + n + "x" + in + "->" + out;
        for (Activation a : ACTS) {
          float[] y = new float[n * out];
          k.forward(x, wt, b, y, n, in, out, a);
          for (int r = 0; r < n; r++) {
            for (int o = 0; o < out; o++) {
              double z = b[o];
              double scale = Math.abs(b[o]);
              for (int kk = 0; kk < in; kk++) {
                z += (double) x[r * in + kk] * wt[kk * out + o];
                scale += Math.abs((double) x[r * in + kk] * wt[kk * out + o]);
              }
              close(act(a, z), scale, y[r * out + o], shape + " forward " + a);
            }
          }
          // Input gradient through an activation whose outputs are `post` (x stands in).
          float[] post = x.clone();
          if (a == Activation.RELU) {
            for (int i = 0; i < post.length; i++) {
              post[i] = Math.max(0, post[i]);
            }
          }
          float[] dx = new float[n * in];
          k.inputGrad(dy, out == 1 ? wt : w, post, a, dx, n, in, out);
          for (int r = 0; r < n; r++) {
            for (int kk = 0; kk < in; kk++) {
              double g = 0;
              double scale = 0;
              for (int o = 0; o < out; o++) {
                g += (double) dy[r * out + o] * wt[kk * out + o];
                scale += Math.abs((double) dy[r * out + o] * wt[kk * out + o]);
              }
              double d = deriv(a, post[r * in + kk]);
              close(g * d, scale, dx[r * in + kk], shape + " inputGrad " + a);
            }
          }
        }
        float[] gwt = new float[in * out];
        float[] gb = new float[out];
        k.weightGrad(dy, x, gwt, gb, n, in, out);
        for (int o = 0; o < out; o++) {
          double sb = 0;
          double scaleB = 0;
          for (int r = 0; r < n; r++) {
            sb += dy[r * out + o];
            scaleB += Math.abs(dy[r * out + o]);
          }
          close(sb, scaleB, gb[o], shape + " bias grad");
          for (int kk = 0; kk < in; kk++) {
            double g = 0;
            double scale = 0;
            for (int r = 0; r < n; r++) {
              g += (double) x[r * in + kk] * dy[r * out + o];
              scale += Math.abs((double) x[r * in + kk] * dy[r * out + o]);
            }
            close(g, scale, gwt[kk * out + o], shape + " weight grad");
          }
        }
        int cols = Math.min(2, in);
        int k0 = in - cols;
        float[] dxc = new float[n * cols];
        k.inputGradColumns(dy, wt, dxc, n, out, k0, cols);
        for (int r = 0; r < n; r++) {
          for (int j = 0; j < cols; j++) {
            double g = 0;
            double scale = 0;
            for (int o = 0; o < out; o++) {
              g += (double) dy[r * out + o] * wt[(k0 + j) * out + o];
              scale += Math.abs((double) dy[r * out + o] * wt[(k0 + j) * out + o]);
            }
            close(g, scale, dxc[r * cols + j], shape + " input columns");
          }
        }
      }
    }
  }

  @Test
  void shouldTakeAdamStepsBitIdenticalInBothImplementations() {
    SplittableRandom rng = new SplittableRandom(9);
    int count = 1000 + 7;
    float[] g = random(count, rng);
    float[][] p = {random(count, rng), null};
    p[1] = p[0].clone();
    float[][] m = {new float[count], new float[count]};
    float[][] v = {new float[count], new float[count]};
    DenseKernelsF32[] ks = kernels();
    for (int step = 1; step <= 3; step++) {
      for (int i = 0; i < 2; i++) {
        ks[i].adamStep(p[i], g, m[i], v[i], count, 0.7f, 0.01f, 0.9f, 0.999f, 1e-3f, 0.03f, 1e-8f);
      }
    }
    for (int k = 0; k < count; k++) {
      assertEquals(Float.floatToRawIntBits(p[0][k]), Float.floatToRawIntBits(p[1][k]), "p " + k);
      assertEquals(Float.floatToRawIntBits(v[0][k]), Float.floatToRawIntBits(v[1][k]), "v " + k);
    }
  }

  @Test
  void shouldUse128BitVectorsAndStillAgreeWhenTheJvmCapsTheWidth() throws Exception {
    String out =
        ChildJvm.run(
            KernelF32SelfCheck.class.getName(),
            "--add-modules",
            "jdk.incubator.vector",
            "-XX:MaxVectorSize=16");
    assertTrue(out.contains("f32training=vector-f32-128bit"), out);
    assertTrue(out.contains("agreement=ok"), out);
  }

  @Test
  void shouldFallBackToThePlainJavaKernelsWithoutTheVectorModule() throws Exception {
    String out = ChildJvm.run(KernelF32SelfCheck.class.getName());
    assertTrue(out.contains("f32training=scalar-f32"), out);
  }

  @Test
  void shouldAllocateNothingPerProduct() {
    SplittableRandom rng = new SplittableRandom(2);
    DenseKernelsF32 k = new VectorDenseKernelsF32();
    int n = 64;
    float[] x = random(n * 64, rng);
    float[] wt = random(64 * 64, rng);
    float[] w1 = random(64, rng);
    float[] b = random(64, rng);
    float[] y = new float[n * 64];
    float[] dx = new float[n * 64];
    float[] g = new float[64 * 64];
    float[] gb = new float[64];
    float[] cols = new float[n];
    // A one-output layer whose input is not a whole number of vectors: the last partial vector of
    // the last rows and of the weights ends exactly at their arrays' ends (a masked load there is
    // no intrinsic on NEON).
    float[] x63 = random(n * 63, rng);
    float[] w63 = random(63, rng);
    float[] wt63 = random(63 * 63, rng);
    long bytes =
        Allocations.measure(
            200,
            2000,
            () -> {
              k.forward(x, wt, b, y, n, 64, 64, Activation.RELU);
              k.forward(x, w1, b, y, n, 64, 1, Activation.IDENTITY);
              k.forward(x63, w63, b, cols, n, 63, 1, Activation.IDENTITY);
              k.weightGrad(y, x, g, gb, n, 64, 64);
              k.inputGrad(y, wt, x, Activation.RELU, dx, n, 64, 64);
              k.inputGradColumns(y, wt, cols, n, 64, 63, 1);
              k.inputGradColumns(x63, wt63, cols, n, 63, 62, 1);
            });
    assertEquals(0, bytes, "bytes allocated over 2000 rounds of products");
  }
}
