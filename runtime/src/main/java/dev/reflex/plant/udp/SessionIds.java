package dev.reflex.plant.udp;

import java.security.SecureRandom;

/**
 * Draws the session id a sender endpoint writes in every frame (docs/udp-frames.md, "Sender
 * sessions"): a random non-zero u32, drawn once per endpoint, so that a receiver recognises a
 * restarted sender by its new id.
 *
 * <p>Random, not seeded and not clock-derived: a restarted controller or emulator is started with
 * the same seed as its predecessor (the HIL scenarios do exactly that), and a board's monotonic
 * clock restarts near the same value after every boot, so either would repeat an id across
 * restarts. The chance that two successive sessions draw the same id is 2<sup>-32</sup>.
 *
 * <p>Not real-time: call at construction (a {@link SecureRandom} reads the OS entropy source).
 */
public final class SessionIds {
  private SessionIds() {}

  /** A random non-zero session id (u32 on the wire). */
  public static int draw() {
    SecureRandom random = new SecureRandom();
    int id;
    do {
      id = random.nextInt();
    } while (id == 0);
    return id;
  }
}
