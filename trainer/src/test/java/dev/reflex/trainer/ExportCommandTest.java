package dev.reflex.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.format.ActorFile;
import dev.reflex.format.Safetensors;
import dev.reflex.learning.Algorithm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
  @TempDir Path dir;

  @Test
  void shouldWritePlainSequentialNamesThatLoadBackAsTheSameActor() throws Exception {
    Trainer t = Trainer.start(TrainerTest.tiny("cartpole-swingup", Algorithm.DDPG), 1);
    Path actor = dir.resolve("actor.safetensors");
    ActorExport.of(t).write(actor);
    Path out = dir.resolve("state_dict.safetensors");

    Cli.Result r = Cli.run("export", "--actor", actor.toString(), "--out", out.toString());

    assertEquals(0, r.exit(), r.err());
    Safetensors st = Safetensors.read(out);
    assertEquals(
        java.util.List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"),
        java.util.List.copyOf(st.names()));
    assertArrayEquals(new int[] {8, 5}, st.tensor("0.weight").shape());
    assertEquals(ActorFile.read(actor), ActorFile.read(out));
  }

  @Test
  void shouldExportOnnxThatOnnxRuntimeRunsToTheActionsInferPrints() throws Exception {
    Path actor = Path.of("..", "firmware-config", "actors", "pendulum.safetensors");
    Path onnx = dir.resolve("pendulum.onnx");
    Cli.Result r = Cli.run("export", "--actor", actor.toString(), "--out", onnx.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().contains("(ONNX opset 13), input obs [batch, 3], output action [batch, 1]"));
    java.util.Random rnd = new java.util.Random(12);
    double[][] obs = new double[200][3];
    StringBuilder csv = new StringBuilder();
    for (double[] o : obs) {
      double theta = rnd.nextDouble() * 2 * Math.PI;
      o[0] = Math.cos(theta);
      o[1] = Math.sin(theta);
      o[2] = rnd.nextGaussian() * 4;
      csv.append(o[0]).append(',').append(o[1]).append(',').append(o[2]).append('\n');
    }
    Path input = dir.resolve("obs.csv");
    java.nio.file.Files.writeString(input, csv);
    picocli.CommandLine infer = dev.reflex.app.Main.commandLine();
    java.io.StringWriter out = new java.io.StringWriter();
    infer.setOut(new java.io.PrintWriter(out, true));
    assertEquals(
        0, infer.execute("infer", "--actor", actor.toString(), "--input", input.toString()));
    String[] lines = out.toString().strip().split("\n");

    float[][] ort = dev.reflex.trainer.onnx.OrtRunner.run(onnx, "obs", obs);

    assertEquals(obs.length, lines.length);
    ActorFile file = ActorFile.read(actor);
    double range = file.scaling().actionHigh()[0] - file.scaling().actionLow()[0];
    for (int n = 0; n < obs.length; n++) {
      assertEquals(Double.parseDouble(lines[n]), ort[n][0], 2e-5 * range, "row " + n);
    }
  }

  @Test
  void shouldRejectAPrefixForAnOnnxExport() {
    Cli.Result r =
        Cli.run(
            "export",
            "--actor",
            Path.of("..", "firmware-config", "actors", "pendulum.safetensors").toString(),
            "--out",
            dir.resolve("p.onnx").toString(),
            "--prefix",
            "actor.mu.");
    assertEquals(2, r.exit());
    assertEquals(
        "error: --prefix applies to state-dict exports, not onnx", r.errLines()[0], r.err());
  }

  @Test
  void shouldFailWithOneErrorLineOnAMissingFile() {
    Cli.Result r =
        Cli.run(
            "export",
            "--actor",
            dir.resolve("none").toString(),
            "--out",
            dir.resolve("o").toString());
    assertEquals(2, r.exit());
    assertEquals(1, r.errLines().length, r.err());
    assertTrue(r.errLines()[0].startsWith("error: "), r.err());
  }

  @Test
  void shouldAnswerHelpOnEveryCommand() {
    for (String cmd : new String[] {"train", "evaluate", "import", "export"}) {
      Cli.Result r = Cli.run(cmd, "--help");
      assertEquals(0, r.exit(), cmd);
      assertTrue(r.out().contains("Usage:"), cmd + ": " + r.out());
    }
    assertEquals(0, Cli.run("--help").exit());
  }
}
