package dev.reflex.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.network.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LearnerCommandsTest {

  @Test
  void shouldKeepEveryRequestInOrderFromManyThreads() throws Exception {
    LearnerCommands q = new LearnerCommands();
    int threads = 4;
    int each = 5000;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread th =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < each; i++) {
                  q.offer(new LearnerCommands.Rollback(id * 1_000_000L + i));
                }
              });
      th.start();
      ts.add(th);
    }
    go.countDown();
    long[] next = new long[threads];
    int got = 0;
    while (got < threads * each) {
      LearnerCommands.Request r = q.poll();
      if (r == null) {
        Thread.onSpinWait();
        continue;
      }
      long v = ((LearnerCommands.Rollback) r).version();
      int id = (int) (v / 1_000_000L);
      assertEquals(next[id], v % 1_000_000L, "in order per sender");
      next[id]++;
      got++;
    }
    for (Thread th : ts) {
      th.join();
    }
    assertEquals(null, q.poll());
  }

  @Test
  void shouldHandleTwoRollbacksRequestedBeforeOnePoll() {
    OnBoardLearnerTest.Rig rig = OnBoardLearnerTest.rig(7);
    OnBoardLearnerTest.drive(rig, 1500, 0, new Rng(8));
    long v = rig.learner().progress().actorVersion;
    assertTrue(v > 3, "versions published: " + v);
    long rollbacks = rig.learner().progress().rollbacks;
    // with a volatile field the second request overwrote the first
    rig.learner().requestRollback(v - 1);
    rig.learner().requestRollback(v - 2);
    rig.learner().requestCheckpoint();
    rig.learner().poll();
    assertEquals(rollbacks + 2, rig.learner().progress().rollbacks);
    List<String> byCommand =
        rig.listener().events.stream().filter(e -> e.contains("by command")).toList();
    assertEquals(2, byCommand.size(), rig.listener().events.toString());
    assertTrue(byCommand.get(0).contains("version " + (v - 1)), byCommand.toString());
    assertTrue(byCommand.get(1).contains("version " + (v - 2)), byCommand.toString());
  }

  @Test
  void shouldPauseAndResumeInTheOrderAsked() {
    OnBoardLearnerTest.Rig rig = OnBoardLearnerTest.rig(3);
    rig.learner().pause();
    rig.learner().resume();
    rig.learner().pause();
    rig.learner().poll();
    assertTrue(rig.learner().paused(), "the last request wins, none is lost");
  }
}
