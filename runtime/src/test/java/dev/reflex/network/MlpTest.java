package dev.reflex.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reflex.network.kernel.DenseKernels;
import dev.reflex.testing.Allocations;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MlpTest {

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(
            new int[] {3, 5, 1}, new Activation[] {Activation.TANH, Activation.IDENTITY}, 4),
        Arguments.of(
            new int[] {4, 17, 9, 2},
            new Activation[] {Activation.RELU, Activation.RELU, Activation.TANH},
            7),
        Arguments.of(new int[] {1, 3, 1}, new Activation[] {Activation.RELU, Activation.TANH}, 1),
        Arguments.of(
            new int[] {6, 8, 8, 8, 3},
            new Activation[] {
              Activation.TANH, Activation.RELU, Activation.IDENTITY, Activation.TANH
            },
            5),
        Arguments.of(
            new int[] {5, 9, 7, 6, 2},
            new Activation[] {
              Activation.ELU, Activation.LEAKY_RELU, Activation.SIGMOID, Activation.IDENTITY
            },
            3));
  }

  /** Loss = Σ c ⊙ y for fixed random c, so ∂loss/∂y = c. */
  private static double loss(Mlp net, DMatrixRMaj x, DMatrixRMaj c) {
    DMatrixRMaj y = net.forward(x);
    double s = 0;
    for (int k = 0; k < y.getNumElements(); k++) {
      s += c.data[k] * y.data[k];
    }
    return s;
  }

  private static DMatrixRMaj random(int rows, int cols, Rng rng) {
    DMatrixRMaj m = new DMatrixRMaj(rows, cols);
    for (int k = 0; k < m.getNumElements(); k++) {
      m.data[k] = rng.nextGaussian();
    }
    return m;
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void shouldMatchFiniteDifferencesForParametersAndInput(int[] sizes, Activation[] acts, int n) {
    Rng rng = new Rng(42);
    Mlp net = new Mlp(sizes, acts, n, DenseKernels.scalar());
    net.initialise(Init.PYTORCH, rng);
    DMatrixRMaj x = random(n, sizes[0], rng);
    DMatrixRMaj c = random(n, sizes[sizes.length - 1], rng);

    net.forward(x);
    DMatrixRMaj gin = net.backward(c, true, true).copy();
    Parameters p = net.parameters();
    double[] analytic = new double[p.size()];
    p.flattenGrads(analytic);

    double[] theta = new double[p.size()];
    p.flatten(theta);
    double[] numeric = new double[theta.length];
    for (int k = 0; k < theta.length; k++) {
      double saved = theta[k];
      theta[k] = saved + GradientCheck.EPS;
      p.unflatten(theta);
      double up = loss(net, x, c);
      theta[k] = saved - GradientCheck.EPS;
      p.unflatten(theta);
      double down = loss(net, x, c);
      theta[k] = saved;
      numeric[k] = (up - down) / (2 * GradientCheck.EPS);
    }
    p.unflatten(theta);
    GradientCheck.assertClose("parameter gradient", analytic, numeric);

    double[] numericIn = new double[x.getNumElements()];
    for (int k = 0; k < numericIn.length; k++) {
      double saved = x.data[k];
      x.data[k] = saved + GradientCheck.EPS;
      double up = loss(net, x, c);
      x.data[k] = saved - GradientCheck.EPS;
      double down = loss(net, x, c);
      x.data[k] = saved;
      numericIn[k] = (up - down) / (2 * GradientCheck.EPS);
    }
    GradientCheck.assertClose(
        "input gradient", java.util.Arrays.copyOf(gin.data, numericIn.length), numericIn);
  }

  @Test
  void shouldGiveTheSameOutputForSingleSampleAndBatchRow() {
    Rng rng = new Rng(1);
    Mlp net =
        new Mlp(
            new int[] {3, 16, 2},
            new Activation[] {Activation.RELU, Activation.TANH},
            8,
            DenseKernels.scalar());
    net.initialise(Init.DDPG, rng);
    DMatrixRMaj x = random(8, 3, rng);
    DMatrixRMaj y = net.forward(x).copy();
    double[] out = new double[2];
    for (int i = 0; i < 8; i++) {
      net.forwardSingle(new double[] {x.get(i, 0), x.get(i, 1), x.get(i, 2)}, out);
      assertEquals(y.get(i, 0), out[0], 0.0);
      assertEquals(y.get(i, 1), out[1], 0.0);
    }
  }

  @Test
  void shouldInitialiseTheFinalLayerSmallWithDdpgInit() {
    Mlp net =
        new Mlp(
            new int[] {3, 64, 64, 1},
            new Activation[] {Activation.RELU, Activation.RELU, Activation.TANH},
            1,
            DenseKernels.scalar());
    net.initialise(Init.DDPG, new Rng(3));
    double maxFinal = 0;
    for (double w : net.weight(2).data) {
      maxFinal = Math.max(maxFinal, Math.abs(w));
    }
    double maxHidden = 0;
    for (double w : net.weight(1).data) {
      maxHidden = Math.max(maxHidden, Math.abs(w));
    }
    assertEquals(
        true, maxFinal <= 3e-3 && maxFinal > 1e-3, "final layer within ±3e-3: " + maxFinal);
    assertEquals(
        true, maxHidden <= 1 / Math.sqrt(64) && maxHidden > 0.1, "hidden ±1/√64: " + maxHidden);
  }

  @Test
  void shouldRejectABatchLargerThanItsBuffers() {
    Mlp net =
        new Mlp(new int[] {2, 2}, new Activation[] {Activation.IDENTITY}, 4, DenseKernels.scalar());
    assertThrows(IllegalArgumentException.class, () -> net.forward(new DMatrixRMaj(5, 2)));
  }

  @Test
  void shouldAllocateNothingInForwardBackwardAndOptimiserSteps() {
    assertAllocatesNothing(Activation.RELU, Activation.TANH, Activation.IDENTITY);
  }

  @Test
  void shouldAllocateNothingWithEluLeakyReluAndSigmoid() {
    assertAllocatesNothing(Activation.ELU, Activation.LEAKY_RELU, Activation.SIGMOID);
  }

  private static void assertAllocatesNothing(Activation... acts) {
    Rng rng = new Rng(5);
    Mlp net = new Mlp(new int[] {4, 32, 32, 2}, acts, 64, DenseKernels.best());
    net.initialise(Init.PYTORCH, rng);
    DMatrixRMaj x = random(64, 4, rng);
    DMatrixRMaj small = random(7, 4, rng);
    DMatrixRMaj g = random(64, 2, rng);
    DMatrixRMaj gSmall = random(7, 2, rng);
    double[] single = new double[4];
    double[] out = new double[2];
    Adam adam = new Adam(net.parameters(), 1e-4, 1e-2, 1.0);
    Sgd sgd = new Sgd(net.parameters(), 1e-5, 0, 0);
    long bytes =
        Allocations.measure(
            2_000,
            5_000,
            () -> {
              net.forward(x);
              net.backward(g, true, true);
              adam.step();
              net.forward(small);
              net.backward(gSmall, true, false);
              sgd.step();
              net.forwardSingle(single, out);
            });
    assertEquals(0, bytes, "bytes allocated over 5,000 iterations");
  }
}
