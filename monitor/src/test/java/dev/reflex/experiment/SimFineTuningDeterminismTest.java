package dev.reflex.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.format.ActorFile;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One seed gives one result: the same fine-tuning experiment twice in one JVM — the first run with
 * the kernels still interpreted, the second with them compiled by C2 — ends bit for bit the same.
 * (The float32 actor's dot products once summed their lanes with {@code reduceLanes}, whose order
 * C2 may change: runs in separate processes then differed in the last digits and, through the
 * trajectories, by up to 40 %.)
 */
class SimFineTuningDeterminismTest {

  @Test
  void shouldGiveOneResultForOneSeedColdAndWarm() throws Exception {
    ActorFile actor =
        ActorFile.read(Path.of("../firmware-config/actors/nominal/pendulum.safetensors"));
    SimFineTuning.Options o =
        new SimFineTuning.Options(
            "pendulum",
            Map.of("friction", 0.3),
            8,
            3,
            8,
            -1,
            4,
            1e-4,
            0.2,
            300,
            0,
            0,
            0.3,
            2,
            2,
            0.1,
            0.05,
            0,
            0,
            null);
    SimFineTuning.Result cold = SimFineTuning.run(actor, o, line -> {});
    SimFineTuning.Result warm = SimFineTuning.run(actor, o, line -> {});
    assertTrue(cold.updates() > 500, "the learner ran: " + cold.updates() + " updates");
    assertTrue(cold.lastMean() != cold.beforeMean(), "the actor moved");
    assertEquals(cold.afterMean(), warm.afterMean(), 0.0);
    assertEquals(cold.lastMean(), warm.lastMean(), 0.0);
    assertEquals(cold.rollbacks(), warm.rollbacks());
  }
}
