package dev.reflex.loop;

/**
 * Told about every throwable caught from a tick (after the loop already went to the safe state).
 * Must not throw.
 *
 * <p>Threading: control thread; the exceptional path, so implementations may allocate.
 */
@FunctionalInterface
public interface LoopErrorHandler {

  /**
   * @param error what the tick threw
   * @param errorCount errors so far, including this one
   */
  void onError(Throwable error, long errorCount);
}
