package dev.reflex.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class AdamTest {

  private static Parameters single(double value, double grad) {
    DMatrixRMaj v = new DMatrixRMaj(1, 1);
    v.data[0] = value;
    DMatrixRMaj g = new DMatrixRMaj(1, 1);
    g.data[0] = grad;
    return new Parameters(List.of(v), List.of(g));
  }

  @Test
  void shouldTakeAStepOfLearningRateSizeAtFirstStepWithBiasCorrection() {
    // With bias correction the first step is lr * g / (|g| + eps') = lr * sign(g).
    Parameters p = single(1.0, 0.3);
    new Adam(p, 0.01, 0, 0).step();
    assertEquals(1.0 - 0.01, p.value(0).data[0], 1e-9);
  }

  @Test
  void shouldMatchAHandComputedSecondStep() {
    Parameters p = single(0.0, 1.0);
    Adam adam = new Adam(p, 0.1, 0.9, 0.999, 1e-8, 0, 0);
    adam.step();
    p.grad(0).data[0] = -2.0;
    adam.step();
    double m1 = 0.1, v1 = 0.001;
    double m2 = 0.9 * m1 + 0.1 * -2, v2 = 0.999 * v1 + 0.001 * 4;
    double x1 = -0.1 * (m1 / 0.1) / (Math.sqrt(v1) / Math.sqrt(0.001) + 1e-8);
    double bc1 = 1 - 0.81, bc2 = 1 - 0.999 * 0.999;
    double x2 = x1 - (0.1 / bc1) * m2 / (Math.sqrt(v2) / Math.sqrt(bc2) + 1e-8);
    assertEquals(x2, p.value(0).data[0], 1e-12);
    assertEquals(2, adam.steps());
  }

  @Test
  void shouldAddWeightDecayToTheGradient() {
    Parameters p = single(2.0, 0.0);
    new Sgd(p, 0.1, 0.5, 0).step();
    assertEquals(2.0 - 0.1 * 0.5 * 2.0, p.value(0).data[0], 1e-12);
  }

  @Test
  void shouldClipTheGlobalGradientNorm() {
    DMatrixRMaj v = new DMatrixRMaj(1, 2);
    DMatrixRMaj g = new DMatrixRMaj(1, 2, true, 3.0, 4.0);
    Parameters p = new Parameters(List.of(v), List.of(g));
    new Sgd(p, 1.0, 0, 1.0).step();
    assertEquals(-0.6, v.data[0], 1e-9);
    assertEquals(-0.8, v.data[1], 1e-9);
  }
}
