package dev.reflex.trainer;

import dev.reflex.format.ActorFile;
import dev.reflex.format.ActorScaling;
import dev.reflex.network.Activation;
import dev.reflex.network.Mlp;
import java.util.Arrays;

/**
 * The learner's double-precision actor as the compact float32 {@link ActorFile}: same layers and
 * activations, the run's observation normalisation, and the plant's action bounds in physical
 * units, so the runtime runs it directly. A linear output (inverting-gradients mode) relies on the
 * file's clamp to the bounds, as the learner clips its output to [−1, 1].
 */
public final class ActorExport {
  private ActorExport() {}

  /** The compact actor of {@code actor} with the given normalisation and bounds. */
  public static ActorFile of(Mlp actor, ActorScaling scaling) {
    int layers = actor.layerCount();
    double[][] w = new double[layers][];
    double[][] b = new double[layers][];
    Activation[] acts = actor.activations();
    for (int l = 0; l < layers; l++) {
      w[l] = Arrays.copyOf(actor.weight(l).data, actor.weight(l).getNumElements());
      b[l] = Arrays.copyOf(actor.bias(l).data, actor.bias(l).getNumElements());
    }
    return ActorFile.fromDoubleLayers(actor.sizes(), w, b, acts, scaling);
  }

  /** The compact actor of a trainer's current online actor. */
  public static ActorFile of(Trainer trainer) {
    return of(trainer.learner().actorForExport(), trainer.scaling());
  }
}
