package dev.reflex.app;

import dev.reflex.format.ActorFile;
import dev.reflex.format.ActorScaling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Small actors of a given shape, standing in for trained ones: {@code in -> 16 -> out}, ReLU then
 * tanh, weights drawn uniformly in ±1 from a fixed seed, actions scaled to the given bounds.
 */
final class StandInActors {
  private StandInActors() {}

  /** Writes the actor to {@code file} (parent directories created) and returns it. */
  static ActorFile write(Path file, int in, int out, double low, double high, long seed)
      throws IOException {
    double[] lows = new double[out];
    double[] highs = new double[out];
    Arrays.fill(lows, low);
    Arrays.fill(highs, high);
    return write(file, in, lows, highs, seed);
  }

  /**
   * Writes an actor with bounds per output (e.g. each action entry's {@code [min, max]}: the loader
   * refuses bounds outside the limits) and returns it.
   */
  static ActorFile write(Path file, int in, double[] lows, double[] highs, long seed)
      throws IOException {
    int out = lows.length;
    int hidden = 16;
    int[] sizes = {in, hidden, out};
    SplittableRandom random = new SplittableRandom(seed);
    double[][] weights = new double[2][];
    double[][] biases = new double[2][];
    for (int k = 0; k < 2; k++) {
      weights[k] = random.doubles((long) sizes[k] * sizes[k + 1], -1, 1).toArray();
      biases[k] = random.doubles(sizes[k + 1], -0.1, 0.1).toArray();
    }
    double[] ones = new double[in];
    Arrays.fill(ones, 1);
    ActorFile actor =
        ActorFile.fromDoubleLayers(
            sizes,
            weights,
            biases,
            ActorFile.defaultActivations(2),
            new ActorScaling(new double[in], ones, Double.POSITIVE_INFINITY, lows, highs));
    Files.createDirectories(file.toAbsolutePath().getParent());
    actor.write(file);
    return actor;
  }
}
