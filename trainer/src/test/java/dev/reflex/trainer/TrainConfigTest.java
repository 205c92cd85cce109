package dev.reflex.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.learning.Algorithm;
import org.junit.jupiter.api.Test;

class TrainConfigTest {
  @Test
  void shouldRoundTripEverySettingThroughJson() {
    TrainConfig c = Presets.of("dc-motor", Algorithm.DDPG);
    c.set("param", "friction=0.1").set("noise", "ou").set("bound-mode", "inverting-gradients");
    TrainConfig back = TrainConfigJson.read(TrainConfigJson.write(c));
    assertEquals(c.describe(), back.describe());
  }

  @Test
  void shouldCoverEveryLearnerOption() {
    for (String key : dev.reflex.learning.LearnerOptions.td3().describe().keySet()) {
      if (!key.equals("algorithm")) {
        assertTrue(TrainConfig.keys().contains(key), key);
      }
    }
  }

  @Test
  void shouldNameUnknownSettingsAndBadValues() {
    TrainConfig c = new TrainConfig("pendulum", Algorithm.TD3);
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> c.set("gama", "0.9"));
    assertTrue(unknown.getMessage().contains("'gama'"), unknown.getMessage());
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> c.set("tau", "fast"));
    assertTrue(bad.getMessage().contains("tau = 'fast'"), bad.getMessage());
    c.set("obs-std", "1,0,1");
    IllegalArgumentException range =
        assertThrows(IllegalArgumentException.class, () -> c.validate(3));
    assertTrue(range.getMessage().contains("obs-std"), range.getMessage());
  }

  @Test
  void shouldLayerThePresetOverThePaperDefaults() {
    TrainConfig ddpg = Presets.of("pendulum", Algorithm.DDPG);
    assertEquals(1, ddpg.learner.policyDelay); // paper structure kept
    assertEquals(false, ddpg.learner.twinCritics);
    assertEquals(0.005, ddpg.learner.tau); // preset
    assertEquals(64, ddpg.learner.actorHidden[0]);
  }
}
