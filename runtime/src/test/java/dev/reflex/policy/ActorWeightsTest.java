package dev.reflex.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.network.kernel.DenseForwardF32;
import org.junit.jupiter.api.Test;

class ActorWeightsTest {
  private final DenseForwardF32 kernel = DenseForwardF32.best();

  @Test
  void shouldRoundDoubleWeightsToFloatInPyTorchLayout() {
    ActorWeights w = new ActorWeights(new int[] {2, 3, 1}, kernel);

    w.copyFrom(
        new double[][] {{0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, {1.0 / 3, 2, 3}},
        new double[][] {{1, 2, 3}, {-0.7}});

    assertEquals(2, w.layerCount());
    assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}, w.weights(0));
    assertArrayEquals(new float[] {1f / 3, 2f, 3f}, w.weights(1));
    assertArrayEquals(new float[] {-0.7f}, w.biases(1));
    assertEquals(3, w.outputs(0));
    assertEquals(3, w.inputs(1));
  }

  @Test
  void shouldCopyFloatWeightsAndAnotherBuffer() {
    ActorWeights a = new ActorWeights(new int[] {2, 1}, kernel);
    ActorWeights b = new ActorWeights(new int[] {2, 1}, kernel);
    a.copyFrom(new float[][] {{5f, 6f}}, new float[][] {{7f}});

    b.copyFrom(a);

    assertArrayEquals(new float[] {5f, 6f}, b.weights(0));
    assertArrayEquals(new float[] {7f}, b.biases(0));
  }

  @Test
  void shouldRejectArraysOfTheWrongShape() {
    ActorWeights w = new ActorWeights(new int[] {2, 3, 1}, kernel);
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                w.copyFrom(
                    new double[][] {new double[6], new double[2]},
                    new double[][] {new double[3], new double[1]}));
    assertEquals("layer 1 is 1x3: expected 3 weights and 1 biases, got 2 and 1", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> w.copyFrom(new double[][] {new double[6]}, new double[][] {new double[3]}));
    assertThrows(IllegalArgumentException.class, () -> new ActorWeights(new int[] {3}, kernel));
    assertThrows(
        IllegalArgumentException.class, () -> new ActorWeights(new int[] {3, 0, 1}, kernel));
  }

  @Test
  void shouldTellCompatibleLayouts() {
    ActorWeights w = new ActorWeights(new int[] {2, 3, 1}, kernel);
    assertTrue(w.isCompatibleWith(new ActorWeights(new int[] {2, 3, 1}, kernel)));
    assertFalse(w.isCompatibleWith(new ActorWeights(new int[] {2, 4, 1}, kernel)));
    assertFalse(w.isCompatibleWith(new ActorWeights(new int[] {2, 3}, kernel)));
  }
}
