package dev.reflex.policy;

/**
 * A deterministic control policy: an observation in physical units to an action in physical units.
 * The control loop holds one of these; the compact float32 actor is the usual implementation.
 *
 * <p>Real-time: {@link #act} is allocation-free, lock-free and does no I/O. Threading: control
 * thread only.
 */
public interface Policy {

  /** Length of the observation. */
  int observationSize();

  /** Length of the action. */
  int actionSize();

  /**
   * Computes the action for one observation (normalisation and action scaling included).
   *
   * @param observation physical units. Not modified.
   * @param actionOut physical units, within the actor's action bounds. Modified.
   */
  void act(double[] observation, double[] actionOut);
}
