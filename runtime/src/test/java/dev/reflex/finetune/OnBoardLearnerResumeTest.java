package dev.reflex.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.finetune.OnBoardLearnerTest.CountingPublisher;
import dev.reflex.finetune.OnBoardLearnerTest.RecordingListener;
import dev.reflex.learning.Checkpoint;
import dev.reflex.learning.Learner;
import dev.reflex.learning.ReplayBuffer;
import dev.reflex.loop.SpscRing;
import dev.reflex.network.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second run on the same state directory: a learner restarted from its own checkpoint goes on
 * as the first run left off (no rollbacks, the same updates per transition, actor versions and
 * update counts continuing, replay kept), the way {@code FineTuningAssembly} resumes it.
 */
class OnBoardLearnerResumeTest {

  /** One run of the learner on the 1-D plant of {@link OnBoardLearnerTest#drive}. */
  record Run(OnBoardLearnerTest.Rig rig, ReplayBuffer replay, CheckpointRotation rotation) {}

  static Run start(Path dir, Path actorFile, long seed) throws Exception {
    CheckpointRotation rotation = new CheckpointRotation(dir, 3);
    List<String> log = new ArrayList<>();
    Lineage.Opened opened = Lineage.open(rotation, actorFile, System.currentTimeMillis(), log::add);
    Learner inner = new Learner(OnBoardLearnerTest.options(), 1, 1, seed);
    ReplayBuffer replay = new ReplayBuffer(5000, 1, 1);
    long version = 0;
    boolean resumed = opened.resume().isPresent();
    if (resumed) {
      Checkpoint c = opened.resume().get().checkpoint();
      c.restoreLearner(inner);
      c.restoreReplay(replay);
      version = Long.parseLong(c.metadata().get("reflex.actor_version"));
    }
    SpscRing ring = new SpscRing(4096, OnBoardLearnerTest.LAYOUT.width());
    CountingPublisher pub = new CountingPublisher();
    RecordingListener listener = new RecordingListener();
    OnBoardLearner l =
        new OnBoardLearner(
            OnBoardLearnerTest.boardOptions(),
            inner,
            replay,
            ring,
            OnBoardLearnerTest.LAYOUT,
            RewardFunction.builder(1, 1).quadratic(0, 1, 0).build(),
            new EpisodeTracker(20, -1, 0, 0, 0),
            new ReturnGuard(1e6, 0.5, 2),
            pub,
            null,
            rotation,
            listener,
            System::nanoTime,
            resumed);
    if (resumed) {
      l.continueFrom(version);
    }
    return new Run(new OnBoardLearnerTest.Rig(l, ring, pub, listener, inner), replay, rotation);
  }

  /** Updates per transition and rollbacks over {@code ticks} more ticks. */
  record Window(double updatesPerTransition, long rollbacks) {}

  static Window window(Run run, int ticks, long startTick, Rng rng) {
    LearningProgress p = run.rig().learner().progress();
    long u0 = p.updates;
    long t0 = p.transitions;
    long r0 = p.rollbacks;
    OnBoardLearnerTest.drive(run.rig(), ticks, startTick, rng);
    return new Window((p.updates - u0) / (double) (p.transitions - t0), p.rollbacks - r0);
  }

  @Test
  void shouldContinueAfterARestartOnTheSameStateDirectoryWithoutRollingBack(@TempDir Path dir)
      throws Exception {
    Path actor = Files.writeString(dir.resolve("actor.safetensors"), "the deployed actor");
    Path state = dir.resolve("ckpt");
    Run first = start(state, actor, 1);
    OnBoardLearnerTest.drive(first.rig(), 2500, 0, new Rng(2));
    Window last = window(first, 1000, 2500, new Rng(3));
    LearningProgress p1 = first.rig().learner().progress();
    assertTrue(first.rig().inner().actorUpdates() > 100, "the actor learned in the first run");
    assertEquals(0, p1.rollbacks, first.rig().listener().events.toString());
    first.rig().learner().checkpoint("shutdown");
    long versionAtStop = p1.actorVersion;
    long updatesAtStop = p1.updates;
    long actorUpdatesAtStop = first.rig().inner().actorUpdates();
    int replayAtStop = first.replay().size();

    // The same actor on the same state directory resumes, twice in a row.
    long versionBefore = versionAtStop;
    long updatesBefore = updatesAtStop;
    for (int restart = 1; restart <= 2; restart++) {
      Run again = start(state, actor, 1 + restart);
      LearningProgress p = again.rig().learner().progress();
      assertEquals(versionBefore, p.actorVersion, "actor versions continue");
      assertEquals(updatesBefore, p.updates, "update count continues");
      assertTrue(again.replay().size() >= replayAtStop, "replay kept: " + again.replay().size());
      Window first1000 = window(again, 1000, 10_000L * restart, new Rng(10 + restart));
      assertEquals(
          0, first1000.rollbacks(), "restart " + restart + ": " + again.rig().listener().events);
      assertTrue(
          Math.abs(first1000.updatesPerTransition() - last.updatesPerTransition()) < 0.1,
          "updates per transition before the stop "
              + last.updatesPerTransition()
              + ", after restart "
              + restart
              + " "
              + first1000.updatesPerTransition());
      assertTrue(p.actorVersion > versionBefore, "the restored actor and newer ones published");
      assertTrue(again.rig().inner().actorUpdates() > actorUpdatesAtStop, "the actor learns on");
      assertTrue(
          again.rig().listener().events.stream().noneMatch(e -> e.startsWith("rollback")),
          again.rig().listener().events.toString());
      again.rig().learner().checkpoint("shutdown");
      versionBefore = p.actorVersion;
      updatesBefore = p.updates;
    }
  }

  @Test
  void shouldPublishTheResumedActorBeforeTheFirstUpdate(@TempDir Path dir) throws Exception {
    Path actor = Files.writeString(dir.resolve("actor.safetensors"), "the deployed actor");
    Run first = start(dir.resolve("ckpt"), actor, 1);
    OnBoardLearnerTest.drive(first.rig(), 2000, 0, new Rng(2));
    first.rig().learner().checkpoint("shutdown");
    Run again = start(dir.resolve("ckpt"), actor, 2);
    again.rig().learner().poll(); // nothing drained, nothing to update
    assertEquals(1, again.rig().publisher().published, "the loop gets the checkpoint's actor");
    assertEquals(
        first.rig().learner().progress().actorVersion + 1,
        again.rig().learner().progress().actorVersion);
  }
}
