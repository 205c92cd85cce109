package dev.reflex.loop;

import dev.reflex.policy.Policy;

/** Test policy: action = gain · observation + bias; can be told to return NaN or to throw. */
final class LinearPolicy implements Policy {
  private final double[] gain;
  private final double bias;
  boolean returnNaN;
  boolean throwing;
  long calls;

  LinearPolicy(double[] gain, double bias) {
    this.gain = gain.clone();
    this.bias = bias;
  }

  @Override
  public int observationSize() {
    return gain.length;
  }

  @Override
  public int actionSize() {
    return 1;
  }

  @Override
  public void act(double[] observation, double[] actionOut) {
    calls++;
    if (throwing) {
      throw new ArithmeticException("policy blew up");
    }
    double sum = bias;
    for (int i = 0; i < gain.length; i++) {
      sum += gain[i] * observation[i];
    }
    actionOut[0] = returnNaN ? Double.NaN : sum;
  }
}
