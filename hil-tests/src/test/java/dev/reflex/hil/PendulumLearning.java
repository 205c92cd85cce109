package dev.reflex.hil;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The on-board learning section the HIL scenarios add to pendulum-hil.yaml (which ships with
 * learning off): pendulum-sim.yaml's reward (Gymnasium's cost written on the observation), TD3, and
 * a budget that lets the actor start changing within a short run. Episodes are 3 s time limits
 * (truncation, not terminal) without a reset hold: the learner measures the starting actor's return
 * over its first two episodes before the actor may change (the rollback guard's baseline), so
 * without episode boundaries the actor never learns; a reset routine would make the learning-on run
 * hold safe values the learning-off run never holds.
 */
final class PendulumLearning {
  /** Episode length (time-limit truncation), seconds. */
  static final double EPISODE_S = 3.0;

  private PendulumLearning() {}

  static HilConfig apply(HilConfig c, Path checkpointDir, double checkpointPeriodS) {
    c.set("learning.enabled", true);
    c.set("learning.algo", "td3");
    c.set("learning.updates_per_s", 200);
    c.set("learning.critic_warmup_updates", 1000);
    c.set("learning.batch_size", 64);
    c.set("learning.replay_capacity", 20000);
    c.set("learning.reward.quadratic", gymCost());
    c.set("learning.episode.time_limit_s", EPISODE_S);
    c.set("learning.episode.reset_hold_ticks", 0);
    c.set("learning.exploration.noise", "gaussian");
    c.set("learning.exploration.scale", 0.05);
    c.set("learning.exploration.cap", 0.15);
    c.set("learning.checkpoint.dir", checkpointDir.toAbsolutePath());
    c.set("learning.checkpoint.period_s", checkpointPeriodS);
    c.set("learning.checkpoint.keep", 5);
    return c;
  }

  /**
   * Fine-tuning as docs/fine-tuning.md recommends it: from the actor trained on the nominal plant
   * together with its trainer networks ({@code firmware-config/actors/nominal}), the actor's
   * learning rate 3e-5, exploration σ 0.2 (cap 0.5), one update per transition, the evaluating
   * guard (2 noise-free episodes every 3), episodes from the plant's own resets, and Gymnasium's
   * cost written on the observation. No rate limit on the torque: the actor was trained without
   * one.
   */
  static HilConfig fineTuning(HilConfig c, ProjectLayout layout, Path checkpointDir) {
    c.set("actor", layout.actor("nominal/pendulum"));
    c.set("learning.enabled", true);
    c.set("learning.algo", "td3");
    c.set("learning.updates_per_transition", 1);
    c.set("learning.batch_size", 100);
    c.set("learning.replay_capacity", 50000);
    c.set("learning.actor_lr", 3e-5);
    c.set("learning.reward.quadratic", gymCost());
    c.set("learning.episode.reset_hold_ticks", 0);
    c.set("learning.exploration.noise", "gaussian");
    c.set("learning.exploration.scale", 0.2);
    c.set("learning.exploration.cap", 0.5);
    c.set("learning.evaluation.every_episodes", 3);
    c.set("learning.evaluation.episodes", 2);
    c.set("learning.rollback_margin", 0.3);
    c.set("learning.checkpoint.dir", checkpointDir.toAbsolutePath());
    c.set("learning.checkpoint.period_s", 30);
    c.set("learning.checkpoint.keep", 3);
    c.set("learning.start_from", layout.actor("nominal/pendulum.start"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) c.get("action").get(0)).put("rate_limit", 0);
    return c;
  }

  /**
   * Gymnasium's pendulum cost written on the observation, as pendulum-sim.yaml has it: (cos θ − 1)²
   * + sin² θ = 2 − 2 cos θ ≈ θ², plus 0.1 θ̇² and 0.001 u².
   */
  private static com.fasterxml.jackson.databind.JsonNode gymCost() {
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .valueToTree(
            List.of(
                Map.of("signal", "cos_theta", "weight", 1.0, "setpoint", 1.0),
                Map.of("signal", "sin_theta", "weight", 1.0),
                Map.of("signal", "theta_dot", "weight", 0.1),
                Map.of("signal", "torque", "weight", 0.001)));
  }
}
