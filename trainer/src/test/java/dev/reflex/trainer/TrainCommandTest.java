package dev.reflex.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflex.format.ActorFile;
import dev.reflex.learning.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainCommandTest {
  @TempDir Path dir;

  private Cli.Result train(Path out, String... extra) {
    String[] args = {"train", "--env", "pendulum", "--out", out.toString()};
    return Cli.run(Cli.concat(Cli.concat(args, Cli.tiny()), extra));
  }

  @ParameterizedTest
  @ValueSource(strings = {"td3", "ddpg"})
  void shouldWriteActorCheckpointProgressAndPlot(String algo) throws Exception {
    Path out = dir.resolve(algo);
    Cli.Result r =
        train(out, "--algo", algo, "--steps", "300", "--seed", "3", "--reward-min", "-20");

    assertEquals(0, r.exit(), r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertEquals("pendulum", json.get("env").asText());
    assertEquals(algo, json.get("algo").asText());
    assertEquals(300, json.get("steps").asLong());
    assertTrue(Double.isFinite(json.get("eval_mean_return").asDouble()));
    ActorFile actor = ActorFile.read(out.resolve("actor.safetensors"));
    assertArrayEquals(new int[] {3, 8, 8, 1}, actor.layerSizes());
    assertArrayEquals(new double[] {-2}, actor.scaling().actionLow());
    assertArrayEquals(new double[] {2}, actor.scaling().actionHigh());
    assertEquals(300, Checkpoint.read(out.resolve("checkpoint.safetensors")).envSteps());
    List<String> csv = Files.readAllLines(out.resolve("progress.csv"));
    assertEquals(ProgressLog.HEADER, csv.get(0));
    // Episodes end at 200; evaluations at 150 and 300.
    assertTrue(csv.stream().anyMatch(l -> l.startsWith("150,")), csv.toString());
    assertTrue(csv.stream().anyMatch(l -> l.startsWith("200,")), csv.toString());
    assertTrue(csv.stream().anyMatch(l -> l.startsWith("300,")), csv.toString());
    byte[] png = Files.readAllBytes(out.resolve("learning-curve.png"));
    assertEquals((byte) 0x89, png[0]);
    assertEquals('P', png[1]);
    assertTrue(r.err().contains("actor-hidden             8,8"), r.err());
    assertTrue(r.err().contains("reward-min               -20.0"), r.err());
  }

  @Test
  void shouldWriteNoPlotWithNoPlot() throws Exception {
    Path out = dir.resolve("noplot");
    Cli.Result r = train(out, "--steps", "300", "--seed", "3", "--no-plot");

    assertEquals(0, r.exit(), r.err());
    assertTrue(Files.exists(out.resolve("actor.safetensors")));
    assertTrue(Files.exists(out.resolve("progress.csv")));
    assertFalse(Files.exists(out.resolve("learning-curve.png")));
  }

  @Test
  void shouldWriteIdenticalActorsForTheSameSeed() throws Exception {
    train(dir.resolve("a"), "--steps", "300", "--seed", "5");
    train(dir.resolve("b"), "--steps", "300", "--seed", "5");
    train(dir.resolve("c"), "--steps", "300", "--seed", "6");

    byte[] a = Files.readAllBytes(dir.resolve("a/actor.safetensors"));
    byte[] b = Files.readAllBytes(dir.resolve("b/actor.safetensors"));
    byte[] c = Files.readAllBytes(dir.resolve("c/actor.safetensors"));
    assertArrayEquals(a, b);
    assertFalse(java.util.Arrays.equals(a, c));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gaussian", "ou"})
  void shouldResumeExactlyAsIfNeverStopped(String noise) throws Exception {
    String[] common = {"--seed", "9", "--noise", noise, "--param", "sensor_noise_std=0.01"};
    // 250 is in the middle of the second episode (200 steps each): the resume replays it.
    assertEquals(0, train(dir.resolve("first"), Cli.concat(common, "--steps", "250")).exit());
    Cli.Result resumed =
        Cli.run(
            "train",
            "--resume",
            dir.resolve("first").toString(),
            "--out",
            dir.resolve("resumed").toString(),
            "--steps",
            "450",
            "--quiet");
    assertEquals(0, resumed.exit(), resumed.err());
    assertEquals(0, train(dir.resolve("straight"), Cli.concat(common, "--steps", "450")).exit());

    assertArrayEquals(
        Files.readAllBytes(dir.resolve("straight/actor.safetensors")),
        Files.readAllBytes(dir.resolve("resumed/actor.safetensors")));
    List<String> csv = Files.readAllLines(dir.resolve("resumed/progress.csv"));
    assertTrue(csv.stream().anyMatch(l -> l.startsWith("200,")), "rows of the first part kept");
    assertTrue(csv.stream().anyMatch(l -> l.startsWith("400,")), "rows of the second part");
  }

  @Test
  void shouldResumeIntoTheSameDirectory() throws Exception {
    Path run = dir.resolve("run");
    assertEquals(0, train(run, "--steps", "120").exit());
    Cli.Result r =
        Cli.run(
            "train",
            "--resume",
            run.toString(),
            "--out",
            run.toString(),
            "--steps",
            "220",
            "--quiet");
    assertEquals(0, r.exit(), r.err());
    assertEquals(220, Checkpoint.read(run.resolve("checkpoint.safetensors")).envSteps());
  }

  @Test
  void shouldReadSettingsFromAConfigFileAndLetFlagsWin() throws Exception {
    Path cfg = dir.resolve("cfg.yaml");
    Files.writeString(cfg, "gamma: 0.9\nactor-hidden: [6, 5]\nparam: {mass_kg: 1.5}\n");
    Path out = dir.resolve("cfg-run");
    Cli.Result r =
        Cli.run(
            "train",
            "--env",
            "pendulum",
            "--out",
            out.toString(),
            "--steps",
            "120",
            "--quiet",
            "--config",
            cfg.toString(),
            "--gamma",
            "0.95",
            "--batch-size",
            "16",
            "--warmup-steps",
            "50");

    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().contains("gamma                    0.95"), r.err());
    assertTrue(r.err().contains("mass_kg=1.5"), r.err());
    assertArrayEquals(
        new int[] {3, 6, 5, 1}, ActorFile.read(out.resolve("actor.safetensors")).layerSizes());
  }

  @Test
  void shouldAnswerHelpForTheCommand() {
    Cli.Result r = Cli.run("train", "--help");
    assertEquals(0, r.exit());
    assertTrue(r.out().contains("--critic-weight-decay"), r.out());
    assertTrue(r.out().contains("--noise-sigma"), r.out());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--env nosuchplant --out OUT --steps 10",
        "--env pendulum --out OUT --steps 10 --no-such-flag",
        "--env pendulum --out OUT --steps 10 --gamma abc",
        "--env pendulum --out OUT --steps 10 --gamma 2",
        "--env pendulum --out OUT --steps 10 --noise pink",
        "--env pendulum --out OUT --steps 10 --param nosuch=1",
        "--env pendulum --out OUT --steps 10 --param mass_kg",
        "--env pendulum --out OUT --steps 10 --config /no/such/file.yaml",
        "--env pendulum --out OUT --steps 0",
        "--env pendulum --out OUT --steps 10 --algo ppo",
        "--out OUT --steps 10",
        "--resume /no/such/dir --out OUT --steps 10"
      })
  void shouldFailWithOneErrorLine(String args) {
    String[] a = ("train " + args.replace("OUT", dir.resolve("bad").toString())).split(" ");
    Cli.Result r = Cli.run(a);

    assertEquals(2, r.exit(), r.err());
    assertEquals(1, r.errLines().length, r.err());
    assertTrue(r.errLines()[0].startsWith("error: "), r.err());
    assertEquals("", r.out());
  }

  @Test
  void shouldRefuseToChangeTheRunWhenResuming() {
    Path run = dir.resolve("r");
    assertEquals(0, train(run, "--steps", "120").exit());
    Cli.Result r =
        Cli.run(
            "train",
            "--resume",
            run.toString(),
            "--out",
            run.toString(),
            "--steps",
            "200",
            "--gamma",
            "0.5");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("gamma cannot change when resuming"), r.err());
    Cli.Result ok =
        Cli.run(
            "train",
            "--resume",
            run.toString(),
            "--out",
            run.toString(),
            "--steps",
            "200",
            "--eval-interval",
            "50",
            "--quiet");
    assertEquals(0, ok.exit(), ok.err());
  }
}
