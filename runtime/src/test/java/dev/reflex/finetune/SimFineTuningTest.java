package dev.reflex.finetune;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.format.ActorFile;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * On-board fine-tuning improves a pendulum actor on a plant that differs from the one it was
 * trained on (viscous friction 0.3 added), through the real tick and the real on-board learner. The
 * actor is the 10,000-step TD3 one kept for this experiment (docs/fine-tuning.md says why, and what
 * the better-trained shipped actor does).
 */
@Tag("slow")
class SimFineTuningTest {
  static final Path ACTOR = Path.of("../firmware-config/actors/pendulum-td3-10k.safetensors");

  @Test
  void shouldImproveTheReturnOnAChangedPlantOnSeveralSeeds() throws Exception {
    ActorFile actor = ActorFile.read(ACTOR);
    StringBuilder log = new StringBuilder();
    for (long seed : new long[] {1, 3}) {
      SimFineTuning.Result r =
          SimFineTuning.run(
              actor,
              new SimFineTuning.Options(
                  "pendulum", Map.of("friction", 0.3), 20, 10, 20, seed, 1e-4, 0.2, 3000, 0.3),
              line -> log.append(line).append('\n'));
      double gain = r.afterMean() - r.beforeMean();
      assertTrue(
          gain > 0.2 * Math.abs(r.beforeMean()),
          "seed " + seed + ": before " + r.beforeMean() + ", after " + r.afterMean() + "\n" + log);
      assertTrue(r.updates() > 2000, "updates " + r.updates());
    }
  }
}
