package dev.reflex.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.network.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
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

  @Test
  void shouldApplyEveryCommandFromConcurrentSendersExactlyOnce() throws Exception {
    AtomicInteger writes = new AtomicInteger();
    List<String> kinds = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    LearningListener listener =
        new LearningListener() {
          @Override
          public void progress(LearningProgress progress) {}

          @Override
          public void event(String kind, String message, double value) {
            kinds.add(kind);
            values.add(value);
          }
        };
    dev.reflex.loop.SpscRing ring =
        new dev.reflex.loop.SpscRing(4096, OnBoardLearnerTest.LAYOUT.width());
    OnBoardLearner learner =
        new OnBoardLearner(
            OnBoardLearnerTest.boardOptions(),
            new dev.reflex.learning.Learner(OnBoardLearnerTest.options(), 1, 1, 9),
            new dev.reflex.learning.ReplayBuffer(5000, 1, 1),
            ring,
            OnBoardLearnerTest.LAYOUT,
            RewardFunction.builder(1, 1).quadratic(0, 1, 0).build(),
            new EpisodeTracker(20, -1, 0, 0, 0),
            new ReturnGuard(1e6, 0.5, 2),
            new OnBoardLearnerTest.CountingPublisher(),
            null,
            (l, replay, version) -> "checkpoint " + writes.incrementAndGet(),
            listener,
            System::nanoTime,
            false);
    int each = 300;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> senders = new ArrayList<>();
    // two senders of rollbacks to versions never published (each answered rollback-failed), one
    // of pause/resume ending on pause, one of setpoints and checkpoints
    for (int s = 0; s < 2; s++) {
      long base = (s + 1) * 1_000_000L;
      senders.add(
          sender(
              go,
              () -> {
                for (int i = 0; i < each; i++) {
                  learner.requestRollback(base + i);
                }
              }));
    }
    senders.add(
        sender(
            go,
            () -> {
              for (int i = 0; i < each; i++) {
                learner.resume();
                learner.pause();
              }
            }));
    senders.add(
        sender(
            go,
            () -> {
              for (int i = 0; i < each; i++) {
                learner.requestSetpoint(0, i);
                learner.requestCheckpoint();
              }
            }));
    long submitted = 2L * each + 2L * each + 2L * each;
    go.countDown();
    Rng rng = new Rng(4);
    long tick = 0;
    long deadline = System.nanoTime() + 60_000_000_000L;
    // the learner thread's work, here: records of a plant, polls, while the commands arrive
    while (learner.progress().commands < submitted && System.nanoTime() < deadline) {
      OnBoardLearnerTest.offer(ring, tick++, 0, rng.uniform(-1, 1), rng.uniform(-2, 2));
      learner.poll();
    }
    for (Thread t : senders) {
      t.join();
    }
    learner.poll();
    assertEquals(submitted, learner.progress().commands, "every command applied, none twice");
    List<Double> failed = eventValues(kinds, values, "rollback-failed");
    assertEquals(2 * each, failed.size(), "rollbacks");
    for (int s = 0; s < 2; s++) {
      long base = (s + 1) * 1_000_000L;
      List<Double> mine = failed.stream().filter(v -> v >= base && v < base + each).toList();
      assertEquals(each, mine.size(), "sender " + s + "'s rollbacks");
      for (int i = 0; i < each; i++) {
        assertEquals(
            (double) (base + i),
            mine.get(i).doubleValue(),
            "sender " + s + "'s rollbacks once each, in order");
      }
    }
    List<Double> setpoints = eventValues(kinds, values, "setpoint");
    assertEquals(each, setpoints.size(), "setpoints");
    for (int i = 0; i < each; i++) {
      assertEquals((double) i, setpoints.get(i).doubleValue(), "setpoints once each, in order");
    }
    assertEquals(each, writes.get(), "checkpoints written");
    assertEquals(each, eventValues(kinds, values, "checkpoint").size(), "checkpoint events");
    assertEquals(
        0.0,
        learner.reward().reward(new double[] {each - 1}, new double[] {0}),
        "the reward follows the last setpoint asked for");
    assertTrue(learner.paused(), "the last of the pause/resume sender's requests was pause");
  }

  private static List<Double> eventValues(List<String> kinds, List<Double> values, String kind) {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < kinds.size(); i++) {
      if (kinds.get(i).equals(kind)) {
        out.add(values.get(i));
      }
    }
    return out;
  }

  private static Thread sender(CountDownLatch go, Runnable requests) {
    Thread t =
        new Thread(
            () -> {
              try {
                go.await();
              } catch (InterruptedException e) {
                return;
              }
              requests.run();
            });
    t.start();
    return t;
  }
}
