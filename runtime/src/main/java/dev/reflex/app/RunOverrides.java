package dev.reflex.app;

import dev.reflex.config.ControllerConfig;
import dev.reflex.config.LearningConfig;
import java.nio.file.Path;

/** Command-line overrides of a loaded config (learning on/off, checkpoint directory). */
final class RunOverrides {
  private RunOverrides() {}

  static ControllerConfig apply(ControllerConfig c, Boolean learning, Path checkpointDir) {
    if (learning == null && checkpointDir == null) {
      return c;
    }
    LearningConfig l = c.learning();
    LearningConfig.Checkpoint ck = l.checkpoint();
    if (checkpointDir != null) {
      ck =
          new LearningConfig.Checkpoint(
              checkpointDir,
              ck == null ? 60_000_000_000L : ck.periodNs(),
              ck == null ? 3 : ck.keep());
    }
    LearningConfig nl =
        new LearningConfig(
            learning != null ? learning : l.enabled(),
            l.algo(),
            l.updatesPerSecond(),
            l.updatesPerTransition(),
            l.criticWarmupUpdates(),
            l.batchSize(),
            l.replayCapacity(),
            l.actorLr(),
            l.criticLr(),
            l.criticWeightDecay(),
            l.gamma(),
            l.tau(),
            l.reward(),
            l.episode(),
            l.exploration(),
            ck,
            l.rollbackMargin(),
            l.evaluation(),
            l.startFromCheckpoint(),
            l.precision(),
            l.behaviourCloning());
    return new ControllerConfig(
        c.file(),
        c.name(),
        c.description(),
        c.board(),
        c.loop(),
        c.plant(),
        c.observation(),
        c.action(),
        c.actorFile(),
        nl,
        c.telemetry(),
        c.safety());
  }
}
