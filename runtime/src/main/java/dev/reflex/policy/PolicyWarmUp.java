package dev.reflex.policy;

/**
 * Runs a policy many times before the loop starts, so the JIT compiles its code fully (C2) before
 * the first tick. This matters most for the Vector API kernels: until C2 compiles them, every
 * vector is a heap object, and a 100 Hz loop would take minutes to reach the compile threshold,
 * allocating on the control thread all the while. Part of "configure: allocate everything".
 *
 * <p>Threading: the configuring thread, before the control thread starts.
 */
public final class PolicyWarmUp {
  private PolicyWarmUp() {}

  /**
   * Calls {@code policy.act} on varied observations {@code calls} times or until {@code maxNanos}
   * have passed.
   *
   * @return the number of calls made
   */
  public static int run(Policy policy, int calls, long maxNanos) {
    double[] obs = new double[policy.observationSize()];
    double[] act = new double[policy.actionSize()];
    long start = System.nanoTime();
    int i = 0;
    for (; i < calls; i++) {
      for (int k = 0; k < obs.length; k++) {
        obs[k] = Math.sin(0.37 * i + k);
      }
      policy.act(obs, act);
      if ((i & 1023) == 0 && System.nanoTime() - start > maxNanos) {
        break;
      }
    }
    return i;
  }
}
