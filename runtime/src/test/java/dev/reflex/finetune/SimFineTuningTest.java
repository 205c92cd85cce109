package dev.reflex.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.format.ActorFile;
import dev.reflex.learning.Checkpoint;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * On-board fine-tuning, through the real tick and the real on-board learner, improves actors
 * trained on the nominal plants on changed plants, on several seeds, starting from the trainer's
 * networks (firmware-config/actors/nominal) with the evaluating guard. The figures are in
 * docs/fine-tuning.md; each assertion asks for less than half of the gain measured there.
 */
@Tag("slow")
class SimFineTuningTest {
  static final Path NOMINAL = Path.of("../firmware-config/actors/nominal");

  static SimFineTuning.Result run(
      String env,
      Map<String, Double> params,
      long episodes,
      int evalEvery,
      int evalEpisodes,
      double actorLr,
      long seed,
      StringBuilder log)
      throws Exception {
    ActorFile actor = ActorFile.read(NOMINAL.resolve(env + ".safetensors"));
    Checkpoint start = Checkpoint.read(NOMINAL.resolve(env + ".start.safetensors"));
    return SimFineTuning.run(
        actor,
        new SimFineTuning.Options(
            env,
            params,
            episodes,
            evalEpisodes,
            (int) episodes,
            -1,
            seed,
            actorLr,
            0.2,
            0,
            0,
            0,
            0.3,
            evalEvery,
            2,
            0,
            0.05,
            start),
        line -> log.append(line).append('\n'));
  }

  @Test
  void shouldImproveThePendulumWithFrictionAddedOnThreeSeeds() throws Exception {
    for (long seed = 1; seed <= 3; seed++) {
      StringBuilder log = new StringBuilder();
      SimFineTuning.Result r = run("pendulum", Map.of("friction", 0.3), 30, 3, 10, 1e-4, seed, log);
      assertTrue(
          r.afterMean() - r.beforeMean() > 0.3 * Math.abs(r.beforeMean()),
          "seed " + seed + ": before " + r.beforeMean() + ", after " + r.afterMean() + "\n" + log);
      assertTrue(r.updates() > 2000, "updates " + r.updates());
    }
  }

  @Test
  void shouldImproveTheDcMotorWithAnActuationDelayOnTwoSeeds() throws Exception {
    for (long seed = 1; seed <= 2; seed++) {
      StringBuilder log = new StringBuilder();
      SimFineTuning.Result r =
          run("dc-motor", Map.of("actuation_delay_steps", 1.0), 16, 2, 5, 3e-5, seed, log);
      assertTrue(
          r.afterMean() - r.beforeMean() > 0.2 * Math.abs(r.beforeMean()),
          "seed " + seed + ": before " + r.beforeMean() + ", after " + r.afterMean() + "\n" + log);
    }
  }

  @Test
  void shouldKeepTheStartingActorWhenNoEvaluatedActorBeatsIt() throws Exception {
    // Motor constant 5x, seed 1: every actor the learner evaluated on the board did worse than the
    // starting one, so the guard kept the starting actor (the checkpoint's double weights; the
    // actor file holds them rounded to float32, hence the tolerance).
    StringBuilder log = new StringBuilder();
    SimFineTuning.Result r = run("dc-motor", Map.of("kt_nm_per_a", 0.1), 16, 2, 5, 3e-5, 1, log);
    assertTrue(r.lastMean() < r.beforeMean(), "the latest actor is worse\n" + log);
    assertEquals(r.beforeMean(), r.afterMean(), 0.01, log.toString());
  }
}
