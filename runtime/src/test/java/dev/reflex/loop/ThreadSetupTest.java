package dev.reflex.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.loop.ThreadSetupResult.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ThreadSetupTest {

  /** Runs {@code request} on a fresh thread (so the test thread keeps its settings). */
  private static ThreadSetupResult onFreshThread(ThreadSetup.Request request, String[] allowedOut)
      throws InterruptedException {
    AtomicReference<ThreadSetupResult> result = new AtomicReference<>();
    Thread t =
        Thread.ofPlatform()
            .start(
                () -> {
                  result.set(ThreadSetup.apply(request));
                  if (allowedOut != null) {
                    allowedOut[0] = cpusAllowed();
                  }
                });
    t.join();
    return result.get();
  }

  private static String cpusAllowed() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
        if (line.startsWith("Cpus_allowed_list:")) {
          return line.substring("Cpus_allowed_list:".length()).trim();
        }
      }
      return "?";
    } catch (Exception e) {
      return "unreadable: " + e;
    }
  }

  @Test
  void shouldPinTheCallingThreadToCpuZeroOrSayWhyNot() throws Exception {
    Assumptions.assumeTrue(ThreadSetup.supported(), "64-bit Linux only");
    String[] allowed = new String[1];
    ThreadSetupResult r = onFreshThread(new ThreadSetup.Request(0, 0, false), allowed);
    Outcome affinity = r.affinity();
    assertTrue(affinity.requested());
    if (affinity.ok()) {
      assertEquals("0", allowed[0], "the OS's view of the pinned thread");
      assertEquals(0, affinity.errno());
    } else {
      assertNotEquals(0, affinity.errno());
      assertTrue(affinity.detail().startsWith("sched_setaffinity(cpu 0): E"), affinity.detail());
    }
    assertFalse(r.realtime().requested());
    assertFalse(r.memoryLock().requested());
  }

  @Test
  void shouldReportAnErrnoTextForACpuThatDoesNotExist() throws Exception {
    Assumptions.assumeTrue(ThreadSetup.supported(), "64-bit Linux only");
    ThreadSetupResult r = onFreshThread(new ThreadSetup.Request(1000, 0, false), null);
    assertFalse(r.affinity().ok());
    assertEquals(22, r.affinity().errno());
    assertEquals("sched_setaffinity(cpu 1000): EINVAL (Invalid argument)", r.affinity().detail());
    assertTrue(r.describe().contains("refused: sched_setaffinity(cpu 1000): EINVAL"));
  }

  @Test
  void shouldRequestFifoPriorityWithoutThrowing() throws Exception {
    Assumptions.assumeTrue(ThreadSetup.supported(), "64-bit Linux only");
    ThreadSetupResult r = onFreshThread(new ThreadSetup.Request(-1, 10, false), null);
    Outcome rt = r.realtime();
    assertTrue(rt.requested());
    // Root with CAP_SYS_NICE usually succeeds; a container without an RT budget says EPERM.
    assertTrue(rt.ok() || rt.detail().contains("sched_setscheduler(priority 10): E"), rt.detail());
    assertFalse(r.affinity().requested());
  }

  @Test
  void shouldLockAndUnlockMemoryWithoutThrowing() {
    Assumptions.assumeTrue(ThreadSetup.supported(), "64-bit Linux only");
    Outcome lock = ThreadSetup.lockMemory();
    Outcome unlock = ThreadSetup.unlockMemory();
    assertTrue(lock.ok() || lock.errno() != 0, lock.toString());
    assertTrue(unlock.ok(), unlock.toString());
  }

  @Test
  void shouldDoNothingWhenNothingIsRequested() {
    ThreadSetupResult r = ThreadSetup.apply(ThreadSetup.Request.none());
    assertFalse(r.affinity().requested());
    assertFalse(r.realtime().requested());
    assertFalse(r.memoryLock().requested());
    assertEquals(
        "thread setup: affinity not requested; SCHED_FIFO not requested; mlockall not requested",
        r.describe());
  }

  @Test
  void shouldRejectOutOfRangeRequests() {
    assertThrows(IllegalArgumentException.class, () -> new ThreadSetup.Request(-2, 0, false));
    assertThrows(IllegalArgumentException.class, () -> new ThreadSetup.Request(0, 100, false));
  }
}
