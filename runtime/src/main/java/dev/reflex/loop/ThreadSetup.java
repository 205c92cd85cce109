package dev.reflex.loop;

import dev.reflex.loop.ThreadSetupResult.Outcome;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;
import java.util.Optional;

/**
 * Real-time set-up of the calling thread through libc, with the JDK's foreign function API: pin to
 * a CPU ({@code sched_setaffinity}), {@code SCHED_FIFO} priority ({@code sched_setscheduler}) and
 * {@code mlockall(MCL_CURRENT | MCL_FUTURE)}. 64-bit Linux only (elsewhere every request reports
 * why it was skipped). Never throws: a refused call (e.g. {@code EPERM} without {@code
 * CAP_SYS_NICE}) is reported with its errno text in the {@link ThreadSetupResult}.
 *
 * <p>On Linux, {@code sched_setaffinity(0, ...)} and {@code sched_setscheduler(0, ...)} act on the
 * calling thread, so call {@link #apply} from the thread to configure (the control thread).
 *
 * <p>Threading: any thread; affects the calling thread (and, for mlockall, the process).
 */
public final class ThreadSetup {

  /**
   * What to ask the OS for.
   *
   * @param cpu the CPU to pin to, or -1 for no pinning
   * @param fifoPriority {@code SCHED_FIFO} priority 1..99, or 0 for none
   * @param lockMemory true to call {@code mlockall(MCL_CURRENT | MCL_FUTURE)}
   */
  public record Request(int cpu, int fifoPriority, boolean lockMemory) {

    /** Validates the ranges. */
    public Request {
      if (cpu < -1 || cpu >= CPU_SET_BITS) {
        throw new IllegalArgumentException(
            "cpu must be -1 (no pinning) or in [0, " + CPU_SET_BITS + "), got " + cpu);
      }
      if (fifoPriority < 0 || fifoPriority > 99) {
        throw new IllegalArgumentException(
            "fifoPriority must be 0 (none) or in [1, 99], got " + fifoPriority);
      }
    }

    /** Asks for nothing. */
    public static Request none() {
      return new Request(-1, 0, false);
    }
  }

  private static final int CPU_SET_BITS = 1024;
  private static final int SCHED_FIFO = 1;
  private static final int MCL_CURRENT = 1;
  private static final int MCL_FUTURE = 2;

  private ThreadSetup() {}

  /** True on 64-bit Linux, where the calls are made. */
  public static boolean supported() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
        && ValueLayout.ADDRESS.byteSize() == 8;
  }

  /**
   * Applies {@code request} to the calling thread.
   *
   * @return what worked and what was refused; never throws
   */
  public static ThreadSetupResult apply(Request request) {
    if (!supported()) {
      String why =
          ValueLayout.ADDRESS.byteSize() != 8
              ? "32-bit JVM: skipped"
              : "not Linux (" + System.getProperty("os.name") + "): skipped";
      return new ThreadSetupResult(
          skipped(request.cpu() >= 0, why),
          skipped(request.fifoPriority() > 0, why),
          skipped(request.lockMemory(), why));
    }
    Outcome affinity = request.cpu() >= 0 ? pin(request.cpu()) : Outcome.notRequested();
    Outcome realtime =
        request.fifoPriority() > 0 ? fifo(request.fifoPriority()) : Outcome.notRequested();
    Outcome memory = request.lockMemory() ? lockMemory() : Outcome.notRequested();
    return new ThreadSetupResult(affinity, realtime, memory);
  }

  /** Pins the calling thread to {@code cpu}. */
  static Outcome pin(int cpu) {
    return call(
        "sched_setaffinity",
        FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
        "cpu " + cpu,
        (handle, state, arena) -> {
          MemorySegment mask = arena.allocate(CPU_SET_BITS / 8, 8);
          mask.setAtIndex(ValueLayout.JAVA_LONG, cpu / 64, 1L << (cpu % 64));
          return (int) handle.invokeExact(state, 0, (long) (CPU_SET_BITS / 8), mask);
        });
  }

  /** Gives the calling thread {@code SCHED_FIFO} at {@code priority}. */
  static Outcome fifo(int priority) {
    return call(
        "sched_setscheduler",
        FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS),
        "priority " + priority,
        (handle, state, arena) -> {
          MemorySegment param = arena.allocate(ValueLayout.JAVA_INT);
          param.set(ValueLayout.JAVA_INT, 0, priority);
          return (int) handle.invokeExact(state, 0, SCHED_FIFO, param);
        });
  }

  /** Locks the process's current and future pages in memory. */
  static Outcome lockMemory() {
    String arch = System.getProperty("os.arch", "");
    if (!(arch.equals("amd64")
        || arch.equals("x86_64")
        || arch.equals("aarch64")
        || arch.startsWith("arm")
        || arch.startsWith("riscv"))) {
      return new Outcome(true, false, 0, "MCL_* values unknown for arch " + arch + ": skipped");
    }
    return call(
        "mlockall",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
        "MCL_CURRENT|MCL_FUTURE",
        (handle, state, arena) -> (int) handle.invokeExact(state, MCL_CURRENT | MCL_FUTURE));
  }

  /** Undoes {@link #lockMemory} ({@code munlockall}); for tests and benchmarks. */
  static Outcome unlockMemory() {
    return call(
        "munlockall",
        FunctionDescriptor.of(ValueLayout.JAVA_INT),
        "munlockall",
        (handle, state, arena) -> (int) handle.invokeExact(state));
  }

  @FunctionalInterface
  private interface NativeCall {
    int invoke(MethodHandle handle, MemorySegment callState, Arena arena) throws Throwable;
  }

  private static Outcome call(
      String function, FunctionDescriptor descriptor, String what, NativeCall body) {
    try {
      Linker linker = Linker.nativeLinker();
      Optional<MemorySegment> symbol = linker.defaultLookup().find(function);
      if (symbol.isEmpty()) {
        return new Outcome(true, false, 0, function + " not found in libc");
      }
      Linker.Option errnoCapture = Linker.Option.captureCallState("errno");
      StructLayout stateLayout = Linker.Option.captureStateLayout();
      VarHandle errnoHandle = stateLayout.varHandle(StructLayout.PathElement.groupElement("errno"));
      MethodHandle handle = linker.downcallHandle(symbol.get(), descriptor, errnoCapture);
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment state = arena.allocate(stateLayout);
        int rc = body.invoke(handle, state, arena);
        if (rc == 0) {
          return new Outcome(true, true, 0, what);
        }
        int errno = (int) errnoHandle.get(state, 0L);
        return new Outcome(true, false, errno, function + "(" + what + "): " + errnoText(errno));
      }
    } catch (Throwable t) {
      return new Outcome(true, false, 0, function + " could not be called: " + t);
    }
  }

  /** {@code EPERM (Operation not permitted)}-style text for an errno. */
  static String errnoText(int errno) {
    String name =
        switch (errno) {
          case 1 -> "EPERM";
          case 3 -> "ESRCH";
          case 11 -> "EAGAIN";
          case 12 -> "ENOMEM";
          case 14 -> "EFAULT";
          case 22 -> "EINVAL";
          default -> "errno " + errno;
        };
    return name + " (" + strerror(errno) + ")";
  }

  private static String strerror(int errno) {
    try {
      Linker linker = Linker.nativeLinker();
      MethodHandle handle =
          linker.downcallHandle(
              linker.defaultLookup().find("strerror").orElseThrow(),
              FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
      MemorySegment text = (MemorySegment) handle.invokeExact(errno);
      return text.reinterpret(256).getString(0);
    } catch (Throwable t) {
      return "no strerror";
    }
  }

  private static Outcome skipped(boolean requested, String why) {
    return requested ? new Outcome(true, false, 0, why) : Outcome.notRequested();
  }
}
