package dev.reflex.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflex.learning.Algorithm;
import dev.reflex.plant.sim.SimPlants;
import dev.reflex.policy.CompactActor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EvaluateCommandTest {
  @TempDir Path dir;

  private Path actor() throws Exception {
    Trainer t = Trainer.start(TrainerTest.tiny("pendulum", Algorithm.TD3), 8);
    for (int i = 0; i < 200; i++) {
      t.step();
    }
    Path file = dir.resolve("actor.safetensors");
    ActorExport.of(t).write(file);
    return file;
  }

  @Test
  void shouldPrintOneJsonLineWithTheReturnsOfTheCompactActor() throws Exception {
    Path actor = actor();
    Cli.Result r =
        Cli.run(
            "evaluate",
            "--actor",
            actor.toString(),
            "--env",
            "pendulum",
            "--episodes",
            "3",
            "--seed",
            "11");

    assertEquals(0, r.exit(), r.err());
    assertEquals(1, r.out().lines().count(), r.out());
    JsonNode json = new ObjectMapper().readTree(r.out());
    EvalResult expected =
        new Evaluator(SimPlants.create("pendulum"))
            .run(new CompactActor(dev.reflex.format.ActorFile.read(actor)), 3, 11);
    assertEquals("pendulum", json.get("env").asText());
    assertEquals(3, json.get("episodes").asInt());
    assertEquals(expected.mean(), json.get("mean_return").asDouble());
    assertEquals(expected.std(), json.get("std_return").asDouble());
    assertEquals(expected.min(), json.get("min_return").asDouble());
    assertEquals(expected.max(), json.get("max_return").asDouble());
  }

  @Test
  void shouldStepThePlantAtAnotherPeriodForTheSameSimulatedTime() throws Exception {
    Cli.Result r =
        Cli.run(
            "evaluate",
            "--actor",
            actor().toString(),
            "--env",
            "pendulum",
            "--episodes",
            "1",
            "--dt",
            "0.01");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().contains("1000 steps at dt 0.0100 s"), r.err());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--actor ACTOR --env nosuchplant",
        "--actor /no/such/actor.safetensors --env pendulum",
        "--actor ACTOR --env cartpole-swingup",
        "--actor ACTOR --env pendulum --episodes 0",
        "--actor ACTOR --env pendulum --episodes many",
        "--actor ACTOR --env pendulum --dt 0"
      })
  void shouldFailWithOneErrorLine(String args) throws Exception {
    String[] a = ("evaluate " + args.replace("ACTOR", actor().toString())).split(" ");
    Cli.Result r = Cli.run(a);
    assertEquals(2, r.exit(), r.err());
    assertEquals(1, r.errLines().length, r.err());
    assertTrue(r.errLines()[0].startsWith("error: "), r.err());
  }
}
