package dev.reflex.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.format.Safetensors;
import dev.reflex.learning.Algorithm;
import dev.reflex.network.Parameters;
import org.junit.jupiter.api.Test;

class TrainerTest {
  static TrainConfig tiny(String env, Algorithm algo) {
    TrainConfig c = Presets.of(env, algo);
    c.set("actor-hidden", "8,8").set("critic-hidden", "8,8").set("batch-size", "16");
    c.set("replay-capacity", "3000").set("warmup-steps", "50").set("eval-interval", "0");
    return c;
  }

  static double[] flat(Parameters p) {
    double[] d = new double[p.size()];
    p.flatten(d);
    return d;
  }

  @Test
  void shouldStepWithoutAllocating() {
    Trainer t = Trainer.start(tiny("pendulum", Algorithm.TD3), 1);
    for (int i = 0; i < 2000; i++) {
      t.step();
    }
    // Exactly 0 in a window the JIT left alone (dev.reflex.testing.Allocations): under load the
    // kernels can still be queued for C2 after the warm-up, and run uncompiled until then.
    long best = dev.reflex.testing.Allocations.measure(0, 500, t::step);
    assertEquals(0, best, "bytes allocated by 500 training steps");
  }

  @Test
  void shouldMarkTimeLimitsAsTruncatedNotTerminated() throws Exception {
    Trainer t = Trainer.start(tiny("pendulum", Algorithm.TD3), 2);
    for (int i = 0; i < 450; i++) {
      t.step();
    }
    Safetensors st = t.checkpoint().build();
    long[] truncated = st.tensor("replay.truncated").toLongs();
    long[] terminated = st.tensor("replay.terminated").toLongs();
    for (int i = 0; i < 450; i++) {
      assertEquals(i == 199 || i == 399 ? 1 : 0, truncated[i], "truncated at " + i);
      assertEquals(0, terminated[i], "terminated at " + i);
    }
    assertEquals(2, t.episodes());
  }

  @Test
  void shouldMarkLeavingTheTrackAsTerminated() throws Exception {
    TrainConfig c = tiny("cartpole-swingup", Algorithm.TD3);
    c.set("warmup-steps", "100000"); // random actions throughout: the cart soon leaves the track
    Trainer t = Trainer.start(c, 3);
    while (t.episodes() == 0) {
      t.step();
    }
    long steps = t.envSteps();
    Safetensors st = t.checkpoint().build();
    assertEquals(1, st.tensor("replay.terminated").toLongs()[(int) steps - 1]);
    assertEquals(0, st.tensor("replay.truncated").toLongs()[(int) steps - 1]);
    assertTrue(steps < 500, "terminated before the time limit: " + steps);
  }

  @Test
  void shouldStartLearningAfterTheWarmUp() {
    TrainConfig c = tiny("pendulum", Algorithm.DDPG).set("updates-per-step", "2");
    Trainer t = Trainer.start(c, 4);
    for (int i = 0; i < 49; i++) {
      t.step();
    }
    assertEquals(0, t.learner().criticUpdates());
    t.step();
    assertEquals(2, t.learner().criticUpdates());
    t.step();
    assertEquals(4, t.learner().criticUpdates());
  }

  @Test
  void shouldNotDisturbTrainingByEvaluating() {
    Trainer quiet = Trainer.start(tiny("pendulum", Algorithm.TD3), 5);
    Trainer evaluating =
        Trainer.start(tiny("pendulum", Algorithm.TD3).set("eval-interval", "60"), 5);
    for (int i = 0; i < 300; i++) {
      quiet.step();
      evaluating.step();
    }
    assertEquals(300, evaluating.lastEvalStep());
    assertArrayEquals(
        flat(quiet.learner().actor().parameters()),
        flat(evaluating.learner().actor().parameters()));
  }

  @Test
  void shouldEvaluateTheCompactActorLikeTheDoubleLearner() {
    Trainer t = Trainer.start(tiny("pendulum", Algorithm.TD3), 6);
    for (int i = 0; i < 300; i++) {
      t.step();
    }
    EvalResult compact = t.evaluate(); // the float32 compact actor
    EvalResult learner =
        new Evaluator(dev.reflex.plant.sim.SimPlants.create("pendulum"))
            .run(t.policy(), 10, Trainer.EVAL_SEED);
    // float32 weights: close, not identical
    assertEquals(learner.mean(), compact.mean(), 1e-2 * Math.abs(learner.mean()));
  }

  @Test
  void shouldClipStoredRewardsButReportTrueReturns() throws Exception {
    TrainConfig clipped = tiny("pendulum", Algorithm.TD3).set("reward-min", "-3");
    Trainer a = Trainer.start(clipped, 7);
    Trainer b = Trainer.start(tiny("pendulum", Algorithm.TD3).set("warmup-steps", "100000"), 7);
    Trainer c = Trainer.start(clipped.set("warmup-steps", "100000"), 7);
    for (int i = 0; i < 200; i++) {
      a.step();
      b.step();
      c.step();
    }
    double[] rewards = a.checkpoint().build().tensor("replay.reward").toDoubles();
    assertTrue(java.util.Arrays.stream(rewards).allMatch(r -> r >= -3), "clipped at -3");
    assertTrue(
        java.util.Arrays.stream(b.checkpoint().build().tensor("replay.reward").toDoubles())
            .anyMatch(r -> r < -3),
        "the pendulum's reward does go below -3");
    assertEquals(b.lastEpisodeReturn(), c.lastEpisodeReturn(), "the true return is reported");
  }

  @Test
  void shouldClipNormalisedObservationsAndRecordTheClipInTheActorFile() {
    TrainConfig cfg =
        tiny("dc-motor", Algorithm.TD3).set("obs-std", "1,1,1,1").set("obs-clip", "0.5");
    Trainer t = Trainer.start(cfg, 8);
    double[] out = new double[4];
    t.scaling().normalise(new double[] {3, -0.2, -7, 0.4}, out);
    assertArrayEquals(new double[] {0.5, -0.2, -0.5, 0.4}, out);
    assertEquals(0.5, ActorExport.of(t).scaling().obsClip());
  }
}
