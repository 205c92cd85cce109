package dev.reflex.loop;

import dev.reflex.policy.Policy;
import java.util.SplittableRandom;

/**
 * Test policy that does real work: a 2-hidden-layer tanh MLP (obs-32-32-act) with fixed-seed
 * weights, output scaled by tanh to ±limit. Allocation-free.
 */
final class MlpPolicy implements Policy {
  private final int obs;
  private final int act;
  private final int hidden;
  private final double limit;
  private final double[] w1;
  private final double[] w2;
  private final double[] w3;
  private final double[] h1;
  private final double[] h2;

  MlpPolicy(int obs, int act, int hidden, double limit, long seed) {
    this.obs = obs;
    this.act = act;
    this.hidden = hidden;
    this.limit = limit;
    SplittableRandom rng = new SplittableRandom(seed);
    w1 = random(rng, hidden * (obs + 1), 1.0 / Math.sqrt(obs));
    w2 = random(rng, hidden * (hidden + 1), 1.0 / Math.sqrt(hidden));
    w3 = random(rng, act * (hidden + 1), 1.0 / Math.sqrt(hidden));
    h1 = new double[hidden];
    h2 = new double[hidden];
  }

  private static double[] random(SplittableRandom rng, int n, double scale) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = (rng.nextDouble() * 2 - 1) * scale;
    }
    return w;
  }

  @Override
  public int observationSize() {
    return obs;
  }

  @Override
  public int actionSize() {
    return act;
  }

  @Override
  public void act(double[] observation, double[] actionOut) {
    layer(w1, observation, obs, h1, hidden, true);
    layer(w2, h1, hidden, h2, hidden, true);
    layer(w3, h2, hidden, actionOut, act, false);
    for (int i = 0; i < act; i++) {
      actionOut[i] = limit * Math.tanh(actionOut[i]);
    }
  }

  private static void layer(double[] w, double[] in, int n, double[] out, int m, boolean tanh) {
    int row = 0;
    for (int j = 0; j < m; j++) {
      double sum = w[row + n];
      for (int i = 0; i < n; i++) {
        sum += w[row + i] * in[i];
      }
      out[j] = tanh ? Math.tanh(sum) : sum;
      row += n + 1;
    }
  }
}
