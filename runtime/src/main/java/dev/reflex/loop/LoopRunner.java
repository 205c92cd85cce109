package dev.reflex.loop;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the control thread: applies the {@link ThreadSetup} request (reported, never fatal), runs
 * the {@link LoopCycle} until stopped or until the safety layer demands a controlled stop, then
 * drives the actuators safe. Measures the bytes the control thread allocates after {@code
 * warmupTicks} ticks (expected: 0).
 *
 * <p>Threading: {@link #start}/{@link #close} from the owner thread; getters from any thread.
 */
public final class LoopRunner implements AutoCloseable {

  /** Why the control thread ended. */
  public enum Exit {
    /** {@link #stop()} asked it to. */
    STOP_REQUESTED,
    /** The safety layer demanded a controlled stop. */
    CONTROLLED_STOP,
    /** Something outside the tick failed (a bug): logged, actuators driven safe. */
    LOOP_ERROR
  }

  private static final Logger LOG = LoggerFactory.getLogger(LoopRunner.class);
  private static final long NOT_MEASURED = -1;

  private final LoopCycle cycle;
  private final ThreadSetup.Request setupRequest;
  private final long warmupTicks;
  private final String threadName;
  private final Consumer<Exit> onExit;
  private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  private volatile boolean running;
  private volatile ThreadSetupResult setupResult;
  private volatile long allocatedBytesAfterWarmup = NOT_MEASURED;
  private volatile Exit exit;
  private Thread thread;

  /**
   * @param cycle the loop to run
   * @param setupRequest CPU pinning, SCHED_FIFO, mlockall for the control thread
   * @param warmupTicks ticks before the allocation baseline is taken
   * @param threadName name of the control thread
   * @param onExit told (on the control thread, after the actuators are safe) why the loop ended
   */
  public LoopRunner(
      LoopCycle cycle,
      ThreadSetup.Request setupRequest,
      long warmupTicks,
      String threadName,
      Consumer<Exit> onExit) {
    this.cycle = cycle;
    this.setupRequest = setupRequest;
    this.warmupTicks = warmupTicks;
    this.threadName = threadName;
    this.onExit = onExit;
  }

  /** Starts the control thread; the first deadline is one period after it starts. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("loop runner already started");
    }
    running = true;
    thread = Thread.ofPlatform().name(threadName).start(this::run);
  }

  private void run() {
    Exit why = Exit.STOP_REQUESTED;
    ControlTick tick = cycle.tick();
    try {
      setupResult = ThreadSetup.apply(setupRequest);
      LOG.info(setupResult.describe());
      long periodNs = cycle.schedule().periodNs();
      long startNs = cycle.clock().nanoTime() + periodNs;
      cycle.start(startNs);
      tick.heartbeat().arm(startNs);
      long baselineBytes = NOT_MEASURED;
      long ticks = 0;
      while (running) {
        if (!cycle.runOnce()) {
          why = Exit.CONTROLLED_STOP;
          break;
        }
        if (++ticks == warmupTicks) {
          baselineBytes = threads.getCurrentThreadAllocatedBytes();
        }
      }
      if (baselineBytes != NOT_MEASURED) {
        allocatedBytesAfterWarmup = threads.getCurrentThreadAllocatedBytes() - baselineBytes;
      }
    } catch (Throwable t) {
      why = Exit.LOOP_ERROR;
      LOG.error("control loop failed outside a tick; driving actuators safe", t);
    } finally {
      tick.heartbeat().disarm();
      try {
        tick.driveSafe();
      } catch (Throwable t) {
        LOG.error("writeSafe failed while stopping the loop", t);
      }
      exit = why;
      running = false;
      if (why == Exit.CONTROLLED_STOP) {
        LOG.error(
            "controlled stop: {} ({} faults latched in total)",
            tick.safety().faults().stopReason() == null
                ? "fault budget"
                : tick.safety().faults().stopReason().message(),
            tick.safety().faults().totalLatches());
      }
      onExit.accept(why);
    }
  }

  /** Asks the control thread to stop and waits for it (see {@link #stop()}). */
  @Override
  public void close() {
    stop();
  }

  /** Asks the control thread to stop, waits for it and returns why it ended. */
  public Exit stop() {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return exit;
  }

  /** True while the control thread runs. */
  public boolean running() {
    return running;
  }

  /** Why the loop ended, or null while running. */
  public Exit exit() {
    return exit;
  }

  /** The thread set-up outcome, or null before the thread applied it. */
  public ThreadSetupResult setupResult() {
    return setupResult;
  }

  /**
   * Bytes the control thread allocated between tick {@code warmupTicks} and its end, or -1 if it
   * ended before the warm-up or is still running.
   */
  public long allocatedBytesAfterWarmup() {
    return allocatedBytesAfterWarmup;
  }

  /** The exit summary: timing table, counters, allocation. */
  public String summary() {
    return cycle.stats().summary()
        + "control-thread bytes allocated after "
        + warmupTicks
        + " warm-up ticks: "
        + (allocatedBytesAfterWarmup == NOT_MEASURED ? "n/a" : allocatedBytesAfterWarmup)
        + System.lineSeparator();
  }

  /** The cycle run by this runner. */
  public LoopCycle cycle() {
    return cycle;
  }
}
