package dev.reflex.loop;

/**
 * The production clock: {@link System#nanoTime()}.
 *
 * <p>Real-time: allocation-free; no locks. Threading: any thread.
 */
public final class SystemNanoClock implements NanoClock {

  /** The one instance (stateless). */
  public static final SystemNanoClock INSTANCE = new SystemNanoClock();

  private SystemNanoClock() {}

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }
}
