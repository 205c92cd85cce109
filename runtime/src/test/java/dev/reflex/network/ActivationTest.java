package dev.reflex.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActivationTest {
  private static final double[] Z = {-3.5, -1.0, -0.25, -0.0, 0.0, 0.5, 1.0, 4.0};

  @ParameterizedTest
  @EnumSource(Activation.class)
  void shouldApplyTheSameFunctionToOneValueAndToAnArray(Activation a) {
    double[] out = new double[Z.length];
    a.apply(Z, out, Z.length);
    for (int i = 0; i < Z.length; i++) {
      assertEquals(out[i], a.apply(Z[i]), 0.0, a + " at " + Z[i]);
      float zf = (float) Z[i];
      assertEquals((float) a.apply((double) zf), a.apply(zf), 0.0f, a + " float32 at " + zf);
    }
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void shouldReadItsOwnIdBackStrictlyAndLeniently(Activation a) {
    assertSame(a, Activation.fromId(a.id()));
    assertSame(a, Activation.parse(" " + a.id().toUpperCase(java.util.Locale.ROOT) + " "));
  }

  @Test
  void shouldAcceptLinearOnlyInTheLenientReading() {
    assertSame(Activation.IDENTITY, Activation.parse("linear"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Activation.fromId("linear"));
    assertTrue(e.getMessage().contains("allowed: relu, tanh, identity, elu, leaky_relu, sigmoid"));
  }

  @Test
  void shouldUseTheFloatLeakySlopeOfOnnxAndPyTorch() {
    assertEquals(0.01f * -2.0, Activation.LEAKY_RELU.apply(-2.0), 0.0);
    assertEquals(0.01f * -2.0f, Activation.LEAKY_RELU.apply(-2.0f), 0.0f);
  }
}
