package dev.reflex.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  static final String SIM =
      """
      name: demo
      board: sim
      loop:
        rate: 1 kHz
      plant:
        backend: sim
        sim: {env: pendulum, params: {mass_kg: 1.5}}
      observation:
        - {name: cos_theta, from: cos_theta}
        - {name: sin_theta, from: sin_theta}
        - {name: theta_dot, from: theta_dot_rad_s, scale: 0.5}
      action:
        - {name: torque, to: torque_nm, min: -2, max: 2, unit: N*m}
      actor: actors/a.safetensors
      learning:
        enabled: true
        updates_per_transition: 0.5
        reward:
          quadratic: [{signal: torque, weight: 0.001}]
        exploration:
          safe_region: {theta_dot: {min: -8, max: 8}}
      """;

  private Path write(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  @Test
  void shouldFillDefaultsAndNormaliseUnits() throws Exception {
    TinyActorFiles.write(dir.resolve("actors/a.safetensors"), 3, 1);
    ControllerConfig c = ConfigLoader.load(write("demo.yaml", SIM));

    assertEquals("demo", c.name());
    assertEquals(1_000_000L, c.loop().periodNs());
    assertEquals(-1, c.loop().cpu());
    PlantConfig.Sim sim = assertInstanceOf(PlantConfig.Sim.class, c.plant());
    assertEquals(1.5, sim.params().get("mass_kg"));
    assertEquals(1L, sim.seed());
    assertEquals(0.5, c.observation().get(2).scale());
    assertEquals(ObservationSpec.Transform.IDENTITY, c.observation().get(0).transform());
    assertEquals(-2.0, c.action().get(0).min());
    assertEquals(0.0, c.action().get(0).safe());
    assertEquals(dir.resolve("actors/a.safetensors").toAbsolutePath().normalize(), c.actorFile());
    assertEquals(0.0, c.learning().updatesPerSecond());
    assertEquals(0.5, c.learning().updatesPerTransition());
    assertEquals(3, c.learning().reward().quadratic().get(0).signalIndex());
    assertEquals(2, c.learning().exploration().safeRegion().get(0).signalIndex());
    assertEquals(LearningConfig.Algo.TD3, c.learning().algo());
    assertEquals(60_000_000_000L, c.learning().checkpoint().periodNs());
    assertEquals(Optional.empty(), c.learning().startFromCheckpoint());
    assertEquals("demo", c.telemetry().deviceId());
    assertEquals("reflex-demo", c.telemetry().clientId());
    assertEquals("reflex/demo/", c.telemetry().root());
    assertEquals(List.of(), c.telemetry().brokers());
    assertEquals(50_000_000L, c.safety().staleTimeoutNs());
    assertEquals(SafetySection.NanPolicy.SAFE, c.safety().nanPolicy());
    assertEquals("sim", c.board().name());
  }

  @Test
  void shouldAcceptPeriodInsteadOfRate() throws Exception {
    TinyActorFiles.write(dir.resolve("actors/a.safetensors"), 3, 1);
    ControllerConfig c =
        ConfigLoader.load(write("p.yaml", SIM.replace("rate: 1 kHz", "period_us: 2500")));
    assertEquals(2_500_000L, c.loop().periodNs());
    assertEquals(400.0, c.loop().rateHz(), 1e-9);
  }

  @Test
  void shouldPrintAnEffectiveConfigThatLoadsToTheSameRecords() throws Exception {
    TinyActorFiles.write(dir.resolve("actors/a.safetensors"), 3, 1);
    Path original = write("demo.yaml", SIM);
    String printed = ConfigLoader.effectiveYaml(original);
    assertTrue(printed.contains("batch_size: 64"), printed);
    assertTrue(printed.contains("root: reflex/demo/"), printed);
    Path again = write("printed.yaml", printed);
    ControllerConfig a = ConfigLoader.load(original);
    ControllerConfig b = ConfigLoader.load(again);
    assertEquals(a.loop(), b.loop());
    assertEquals(a.plant(), b.plant());
    assertEquals(a.observation(), b.observation());
    assertEquals(a.action(), b.action());
    assertEquals(a.learning(), b.learning());
    assertEquals(a.telemetry(), b.telemetry());
    assertEquals(a.safety(), b.safety());
  }

  @Test
  void shouldReadThePairedGuardsLevelsAndRefuseThemOutOfRange() throws Exception {
    TinyActorFiles.write(dir.resolve("actors/a.safetensors"), 3, 1);
    LearningConfig.Evaluation none =
        ConfigLoader.load(write("d.yaml", SIM)).learning().evaluation();
    assertEquals(0.0, none.promoteLevel(), "unpaired by default");
    assertEquals(0.05, none.rollbackLevel());
    String paired =
        SIM.replace(
            "  exploration:",
            "  evaluation: {every_episodes: 3, episodes: 3, promote_level: 0.1,"
                + " rollback_level: 0.02}\n  exploration:");
    LearningConfig.Evaluation e =
        ConfigLoader.load(write("p.yaml", paired)).learning().evaluation();
    assertEquals(new LearningConfig.Evaluation(3, 3, 0.1, 0.02), e);
    Path bad = write("b.yaml", paired.replace("promote_level: 0.1", "promote_level: 0.7"));
    ConfigException x = assertThrows(ConfigException.class, () -> ConfigLoader.load(bad));
    assertEquals(
        List.of("learning.evaluation.promote_level"),
        x.problems().stream().map(ConfigProblem::path).toList());
  }

  @Test
  void shouldReadTheBehaviourCloningTermAndRefuseANegativeWeight() throws Exception {
    TinyActorFiles.write(dir.resolve("actors/a.safetensors"), 3, 1);
    assertEquals(
        LearningConfig.BehaviourCloning.NONE,
        ConfigLoader.load(write("d.yaml", SIM)).learning().behaviourCloning(),
        "off by default");
    String on =
        SIM.replace(
            "  exploration:",
            "  behaviour_cloning: {weight: 0.5, half_life_updates: 4000}\n  exploration:");
    assertEquals(
        new LearningConfig.BehaviourCloning(0.5, 4000),
        ConfigLoader.load(write("bc.yaml", on)).learning().behaviourCloning());
    Path bad = write("bcb.yaml", on.replace("weight: 0.5", "weight: -1"));
    ConfigException x = assertThrows(ConfigException.class, () -> ConfigLoader.load(bad));
    assertEquals(
        List.of("learning.behaviour_cloning.weight"),
        x.problems().stream().map(ConfigProblem::path).toList());
  }

  @Test
  void shouldReportEveryProblemAtOnceInLineOrder() throws Exception {
    String broken =
        SIM.replace("rate: 1 kHz", "rate: 2 kHz")
            .replace("unit: N*m", "unit: N*m, rate_limt: 3")
            .replace("enabled: true", "enabled: yes")
            .replace("actors/a.safetensors", "actors/missing.safetensors");
    Path f = write("broken.yaml", broken);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f));
    List<String> paths = e.problems().stream().map(ConfigProblem::path).toList();
    assertEquals(List.of("loop.rate", "action[0].rate_limt", "actor", "learning.enabled"), paths);
    List<Integer> lines = e.problems().stream().map(ConfigProblem::line).toList();
    assertEquals(List.of(4, 13, 14, 16), lines);
    assertTrue(e.getMessage().contains("4 problems"), e.getMessage());
  }

  @Test
  void shouldResolveABoardProfileGivenAsAPath() throws Exception {
    TinyActorFiles.write(dir.resolve("actors/a.safetensors"), 3, 1);
    write("myboard.yaml", "name: mine\nmodel: My board\ncores: 2\n");
    ControllerConfig c =
        ConfigLoader.load(write("demo.yaml", SIM.replace("board: sim", "board: ./myboard.yaml")));
    assertEquals("mine", c.board().name());
    assertEquals(2, c.board().cores());
  }
}
