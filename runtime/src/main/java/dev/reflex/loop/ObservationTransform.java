package dev.reflex.loop;

/** How an observation entry is computed from its (calibrated) source value. */
public enum ObservationTransform {
  /** The value itself. */
  IDENTITY,
  /** Its cosine (angles in radians). */
  COS,
  /** Its sine (angles in radians). */
  SIN,
  /** Its rate of change per second: a finite difference over the loop period, low-pass filtered. */
  RATE
}
