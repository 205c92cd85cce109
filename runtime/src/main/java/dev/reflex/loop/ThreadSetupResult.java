package dev.reflex.loop;

/**
 * What {@link ThreadSetup#apply} achieved for the calling thread; nothing in it is fatal.
 *
 * @param affinity pinning to a CPU ({@code sched_setaffinity})
 * @param realtime {@code SCHED_FIFO} priority ({@code sched_setscheduler})
 * @param memoryLock {@code mlockall(MCL_CURRENT | MCL_FUTURE)}
 */
public record ThreadSetupResult(Outcome affinity, Outcome realtime, Outcome memoryLock) {

  /**
   * One OS call's outcome.
   *
   * @param requested false if the configuration did not ask for it
   * @param ok true if the call succeeded
   * @param errno the errno on failure, 0 otherwise (also 0 when not attempted)
   * @param detail what was done, or why not (errno text such as {@code EPERM (Operation not
   *     permitted)}, "not Linux", ...)
   */
  public record Outcome(boolean requested, boolean ok, int errno, String detail) {

    /** Not asked for. */
    public static Outcome notRequested() {
      return new Outcome(false, false, 0, "not requested");
    }

    /** One line, e.g. {@code ok (cpu 2)} or {@code refused: EPERM ...}. */
    @Override
    public String toString() {
      if (!requested) {
        return "not requested";
      }
      return ok ? "ok (" + detail + ")" : "refused: " + detail;
    }
  }

  /** One line for the start-up log. */
  public String describe() {
    return "thread setup: affinity "
        + affinity
        + "; SCHED_FIFO "
        + realtime
        + "; mlockall "
        + memoryLock;
  }
}
