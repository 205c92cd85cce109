package dev.reflex.finetune;

import dev.reflex.format.ActorFile;
import dev.reflex.learning.BoundMode;
import dev.reflex.learning.LearnerOptions;
import dev.reflex.network.Activation;
import dev.reflex.network.Mlp;

/**
 * Converts between the compact float32 actor file and the learner's double-precision actor: the
 * learner's shapes taken from an actor, an actor's weights loaded into the learner, and the
 * learner's actor exported as an actor file with the same scaling.
 */
public final class ActorLearnerBridge {
  private ActorLearnerBridge() {}

  /**
   * Sets the actor's hidden widths, activation and bound mode in {@code options} from {@code
   * actor}; the critics get the actor's hidden widths when {@code criticLikeActor}.
   *
   * @param options modified and returned
   * @throws IllegalArgumentException if the learner cannot mirror the actor's activations (mixed
   *     hidden activations, or an output other than tanh or identity)
   */
  public static LearnerOptions shapeLike(
      ActorFile actor, LearnerOptions options, boolean criticLikeActor) {
    int[] sizes = actor.layerSizes();
    int[] hidden = java.util.Arrays.copyOfRange(sizes, 1, sizes.length - 1);
    options.actorHidden = hidden.clone();
    if (criticLikeActor) {
      options.criticHidden =
          hidden.length > 0
              ? hidden.clone()
              : new int[] {64, 64}; // a linear actor still needs a critic that can represent Q
    }
    Activation[] acts = actor.activations();
    Activation out = acts[acts.length - 1];
    boolean oneHidden = true;
    for (int k = 1; k < acts.length - 1; k++) {
      oneHidden &= acts[k] == acts[0];
    }
    if (!oneHidden || (out != Activation.TANH && out != Activation.IDENTITY)) {
      throw new IllegalArgumentException(
          "the learner fine-tunes actors with one hidden activation and a tanh or identity output;"
              + " this actor has "
              + java.util.Arrays.toString(acts));
    }
    options.hiddenActivation = acts.length > 1 ? acts[0] : Activation.RELU;
    options.boundMode =
        acts[acts.length - 1] == Activation.TANH ? BoundMode.TANH : BoundMode.INVERTING_GRADIENTS;
    return options;
  }

  /** Copies the actor file's float weights into the learner's double actor (same shapes). */
  public static void load(ActorFile actor, Mlp mlp) {
    if (!java.util.Arrays.equals(actor.layerSizes(), mlp.sizes())) {
      throw new IllegalArgumentException(
          "actor is "
              + java.util.Arrays.toString(actor.layerSizes())
              + ", learner actor is "
              + java.util.Arrays.toString(mlp.sizes()));
    }
    for (int l = 0; l < mlp.layerCount(); l++) {
      float[] w = actor.weights(l);
      float[] b = actor.biases(l);
      for (int k = 0; k < w.length; k++) {
        mlp.weight(l).data[k] = w[k];
      }
      for (int k = 0; k < b.length; k++) {
        mlp.bias(l).data[k] = b[k];
      }
    }
  }

  /** The learner's actor as an actor file with {@code like}'s activations and scaling. */
  public static ActorFile export(Mlp mlp, ActorFile like) {
    int layers = mlp.layerCount();
    double[][] w = new double[layers][];
    double[][] b = new double[layers][];
    for (int l = 0; l < layers; l++) {
      w[l] = mlp.weight(l).data.clone();
      b[l] = mlp.bias(l).data.clone();
    }
    return ActorFile.fromDoubleLayers(mlp.sizes(), w, b, like.activations(), like.scaling());
  }
}
