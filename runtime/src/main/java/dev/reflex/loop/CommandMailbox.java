package dev.reflex.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lock-free mailbox behind {@link RemoteCommands}: request bits and setpoints written by any
 * thread, taken by the control thread once per tick.
 *
 * <p>Real-time: {@link #takeRequests} and {@link #readSetpoints} are allocation-free and lock-free.
 * Threading: commands from any thread; take/read on the control thread.
 */
public final class CommandMailbox implements RemoteCommands {

  /** Request bit: enter the safe state. */
  public static final int ENTER_SAFE = 1;

  /** Request bit: leave the safe state (reset faults). */
  public static final int LEAVE_SAFE = 2;

  private static final VarHandle SETPOINTS = MethodHandles.arrayElementVarHandle(double[].class);

  private final AtomicInteger requests = new AtomicInteger();
  private final double[] setpoints;

  /**
   * @param setpointCount number of setpoints (may be 0)
   * @param initialSetpoints starting values, length {@code setpointCount}. Copied.
   */
  public CommandMailbox(int setpointCount, double[] initialSetpoints) {
    if (initialSetpoints.length != setpointCount) {
      throw new IllegalArgumentException(
          "initial setpoints: "
              + initialSetpoints.length
              + " values for "
              + setpointCount
              + " setpoints");
    }
    this.setpoints = initialSetpoints.clone();
  }

  /** A mailbox with {@code setpointCount} setpoints starting at 0. */
  public CommandMailbox(int setpointCount) {
    this(setpointCount, new double[setpointCount]);
  }

  /** Number of setpoints. */
  public int setpointCount() {
    return setpoints.length;
  }

  @Override
  public void enterSafeState() {
    requests.getAndUpdate(r -> (r & ~LEAVE_SAFE) | ENTER_SAFE);
  }

  @Override
  public void leaveSafeState() {
    requests.getAndUpdate(r -> (r & ~ENTER_SAFE) | LEAVE_SAFE);
  }

  @Override
  public boolean setSetpoint(int index, double value) {
    if (index < 0 || index >= setpoints.length || !Double.isFinite(value)) {
      return false;
    }
    SETPOINTS.setRelease(setpoints, index, value);
    return true;
  }

  /**
   * Takes and clears the pending request bits ({@link #ENTER_SAFE}, {@link #LEAVE_SAFE}); the later
   * of two opposite requests wins. Control thread.
   */
  public int takeRequests() {
    return requests.get() == 0 ? 0 : requests.getAndSet(0);
  }

  /**
   * Copies the current setpoints. Control thread.
   *
   * @param out length {@link #setpointCount()}. Modified.
   */
  public void readSetpoints(double[] out) {
    for (int i = 0; i < setpoints.length; i++) {
      out[i] = (double) SETPOINTS.getAcquire(setpoints, i);
    }
  }
}
