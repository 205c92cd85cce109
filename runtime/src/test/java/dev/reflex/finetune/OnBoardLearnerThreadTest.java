package dev.reflex.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.learning.Learner;
import dev.reflex.learning.ReplayBuffer;
import dev.reflex.loop.SpscRing;
import dev.reflex.network.Mlp;
import dev.reflex.network.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OnBoardLearnerThreadTest {

  /** Records what was published last. */
  static final class LastPublished implements ActorPublisher {
    volatile double[] last;
    volatile int count;

    @Override
    public boolean tryPublish(Mlp actor) {
      double[] v = new double[actor.parameters().size()];
      actor.parameters().flatten(v);
      last = v;
      count++;
      return true;
    }
  }

  @Test
  void shouldReportAFailedPollAtOnceAndHandTheLastGoodActorToTheLoop() throws Exception {
    OnBoardLearnerOptions o = OnBoardLearnerTest.boardOptions();
    o.failAfterUpdates = 300;
    Learner inner = new Learner(OnBoardLearnerTest.options(), 1, 1, 5);
    double[][] lastGood = {new double[inner.actor().parameters().size()]};
    inner.actor().parameters().flatten(lastGood[0]);
    int[] bests = {0};
    SpscRing ring = new SpscRing(8192, OnBoardLearnerTest.LAYOUT.width());
    LastPublished pub = new LastPublished();
    List<String> checkpoints = new CopyOnWriteArrayList<>();
    OnBoardLearner l =
        new OnBoardLearner(
            o,
            inner,
            new ReplayBuffer(5000, 1, 1),
            ring,
            OnBoardLearnerTest.LAYOUT,
            RewardFunction.builder(1, 1).quadratic(0, 1, 0).build(),
            new EpisodeTracker(20, -1, 0, 0, 0),
            new ReturnGuard(1e6, 0.5, 2),
            pub,
            null,
            (learner, replay, version) -> {
              checkpoints.add("v" + version);
              return "v" + version;
            },
            new LearningListener() {
              @Override
              public void progress(LearningProgress progress) {}

              @Override
              public void event(String kind, String message, double value) {
                if (kind.equals("best")) {
                  // called right after the learner kept its actor as the last good one
                  inner.actor().parameters().flatten(lastGood[0]);
                  bests[0]++;
                }
              }
            },
            System::nanoTime,
            false);
    CountDownLatch failed = new CountDownLatch(1);
    List<Throwable> told = new ArrayList<>();
    OnBoardLearnerThread thread =
        new OnBoardLearnerThread(
            l,
            null,
            t -> {
              told.add(t);
              failed.countDown();
            });
    thread.start();
    Rng rng = new Rng(6);
    // a plant at ~64 kHz in bursts, until the learner has failed (its budget per poll is capped,
    // so the number of records needed depends on how often the learner thread gets the CPU)
    long deadline = System.nanoTime() + 20_000_000_000L;
    for (long t = 0; failed.getCount() > 0 && System.nanoTime() < deadline; t++) {
      while (!ring.offer(record(t, rng.uniform(-1, 1), rng.uniform(-2, 2)))) {
        Thread.onSpinWait();
      }
      if (t % 64 == 63) {
        Thread.sleep(1);
      }
    }
    assertTrue(failed.await(20, TimeUnit.SECONDS), "the failure handler was told");
    assertEquals(1, told.size());
    assertTrue(told.get(0).getMessage().contains("injected learner fault"), told.get(0).toString());
    assertNotNull(thread.failure());
    assertTrue(inner.actorUpdates() > 0, "the actor had moved on from the last good one");
    assertArrayEquals(
        lastGood[0], pub.last, "the loop was handed the last good actor (bests: " + bests[0] + ")");
    thread.stop(true);
    assertEquals(List.of(), checkpoints, "no checkpoint of a failed learner");
  }

  @Test
  void shouldReportAFailureEvenWhenHandingTheLastGoodActorBackFailsToo() throws Exception {
    Learner inner = new Learner(OnBoardLearnerTest.options(), 1, 1, 5);
    SpscRing ring = new SpscRing(8192, OnBoardLearnerTest.LAYOUT.width());
    OnBoardLearner l =
        new OnBoardLearner(
            OnBoardLearnerTest.boardOptions(),
            inner,
            new ReplayBuffer(5000, 1, 1),
            ring,
            OnBoardLearnerTest.LAYOUT,
            RewardFunction.builder(1, 1).quadratic(0, 1, 0).build(),
            new EpisodeTracker(20, -1, 0, 0, 0),
            new ReturnGuard(1e6, 0.5, 2),
            actor -> {
              // the first publication fails the poll, the fall-back's publication fails again
              throw new StackOverflowError("publisher");
            },
            null,
            null,
            LearningListener.NONE,
            System::nanoTime,
            false);
    CountDownLatch failed = new CountDownLatch(1);
    List<Throwable> told = new CopyOnWriteArrayList<>();
    OnBoardLearnerThread thread =
        new OnBoardLearnerThread(
            l,
            null,
            t -> {
              told.add(t);
              failed.countDown();
            });
    thread.start();
    Rng rng = new Rng(7);
    long deadline = System.nanoTime() + 20_000_000_000L;
    for (long t = 0; failed.getCount() > 0 && System.nanoTime() < deadline; t++) {
      while (!ring.offer(record(t, rng.uniform(-1, 1), rng.uniform(-2, 2)))
          && failed.getCount() > 0
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      if (t % 64 == 63) {
        Thread.sleep(1);
      }
    }
    assertTrue(failed.await(20, TimeUnit.SECONDS), "the failure handler was told");
    assertEquals(1, told.size());
    assertTrue(told.get(0) instanceof StackOverflowError, told.get(0).toString());
    assertEquals(told.get(0), thread.failure());
    thread.stop(false);
  }

  @Test
  void shouldReportAtOnceWhileTheLoopHasNotTakenTheLastGoodActorYet() throws Exception {
    OnBoardLearnerOptions o = OnBoardLearnerTest.boardOptions();
    o.failAfterUpdates = 300;
    Learner inner = new Learner(OnBoardLearnerTest.options(), 1, 1, 5);
    SpscRing ring = new SpscRing(8192, OnBoardLearnerTest.LAYOUT.width());
    OnBoardLearner[] self = new OnBoardLearner[1];
    java.util.concurrent.atomic.AtomicInteger offersAfterFault =
        new java.util.concurrent.atomic.AtomicInteger();
    ActorPublisher busyAfterFault =
        actor -> {
          if (self[0].progress().updates < o.failAfterUpdates) {
            return true;
          }
          offersAfterFault.incrementAndGet();
          return false; // the control thread never takes the last good actor
        };
    self[0] =
        new OnBoardLearner(
            o,
            inner,
            new ReplayBuffer(5000, 1, 1),
            ring,
            OnBoardLearnerTest.LAYOUT,
            RewardFunction.builder(1, 1).quadratic(0, 1, 0).build(),
            new EpisodeTracker(20, -1, 0, 0, 0),
            new ReturnGuard(1e6, 0.5, 2),
            busyAfterFault,
            null,
            null,
            LearningListener.NONE,
            System::nanoTime,
            false);
    CountDownLatch failed = new CountDownLatch(1);
    int[] offersWhenTold = {-1};
    OnBoardLearnerThread thread =
        new OnBoardLearnerThread(
            self[0],
            null,
            t -> {
              offersWhenTold[0] = offersAfterFault.get();
              failed.countDown();
            });
    thread.start();
    Rng rng = new Rng(6);
    long deadline = System.nanoTime() + 20_000_000_000L;
    for (long t = 0; failed.getCount() > 0 && System.nanoTime() < deadline; t++) {
      while (!ring.offer(record(t, rng.uniform(-1, 1), rng.uniform(-2, 2)))
          && failed.getCount() > 0
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      if (t % 64 == 63) {
        Thread.sleep(1);
      }
    }
    assertTrue(failed.await(20, TimeUnit.SECONDS), "the failure handler was told");
    assertEquals(
        1, offersWhenTold[0], "told after one offer of the last good actor, not after 2 s");
    thread.stop(false);
    assertTrue(
        offersAfterFault.get() > 1, "the last good actor was offered again after the report");
  }

  static double[] record(long tick, double x, double u) {
    double[] r = new double[OnBoardLearnerTest.LAYOUT.width()];
    r[dev.reflex.loop.StepRecord.TICK_INDEX] = tick;
    r[dev.reflex.loop.StepRecord.OBSERVATION] = x;
    r[OnBoardLearnerTest.LAYOUT.actionOffset()] = u;
    return r;
  }
}
