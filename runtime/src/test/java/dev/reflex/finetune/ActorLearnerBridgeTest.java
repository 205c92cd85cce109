package dev.reflex.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reflex.format.ActorFile;
import dev.reflex.format.ActorScaling;
import dev.reflex.learning.Algorithm;
import dev.reflex.learning.BoundMode;
import dev.reflex.learning.LearnerOptions;
import dev.reflex.network.Activation;
import org.junit.jupiter.api.Test;

class ActorLearnerBridgeTest {
  private static ActorFile actor(Activation... acts) {
    int[] sizes = {2, 4, 4, 1};
    double[][] w = {new double[8], new double[16], new double[4]};
    double[][] b = {new double[4], new double[4], new double[1]};
    return ActorFile.fromDoubleLayers(sizes, w, b, acts, ActorScaling.identity(2, 1));
  }

  @Test
  void shouldShapeTheLearnerLikeAnEluActorWithALinearOutput() {
    LearnerOptions o =
        ActorLearnerBridge.shapeLike(
            actor(Activation.ELU, Activation.ELU, Activation.IDENTITY),
            LearnerOptions.defaults(Algorithm.TD3),
            true);
    assertEquals(Activation.ELU, o.hiddenActivation);
    assertEquals(BoundMode.INVERTING_GRADIENTS, o.boundMode);
  }

  @Test
  void shouldRejectActivationsTheLearnerCannotMirror() {
    LearnerOptions o = LearnerOptions.defaults(Algorithm.TD3);
    IllegalArgumentException sigmoid =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ActorLearnerBridge.shapeLike(
                    actor(Activation.RELU, Activation.RELU, Activation.SIGMOID), o, true));
    assertEquals(
        "the learner fine-tunes actors with one hidden activation and a tanh or identity output;"
            + " this actor has [RELU, RELU, SIGMOID]",
        sigmoid.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ActorLearnerBridge.shapeLike(
                actor(Activation.RELU, Activation.ELU, Activation.TANH), o, true));
  }
}
