package dev.reflex.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.learning.Checkpoint;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The option rules every trainer command shares with the runtime's (CliValues, CliErrors). */
class TrainerOptionRulesTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"train", "evaluate", "import", "export", "finetune-start"})
  void shouldPrintTheVersionWithEitherFlag(String command) {
    for (String flag : new String[] {"-V", "--version"}) {
      Cli.Result r = Cli.run(command, flag);
      assertEquals(0, r.exit(), command + " " + flag + ": " + r.err());
      assertTrue(r.out().startsWith("reflex "), command + " " + flag + ": " + r.out());
    }
  }

  @ParameterizedTest
  @CsvSource({
    "train --env pendulum --out OUT --steps -5, '--steps': '-5': expected a number > 0",
    "train --env pendulum --out OUT --steps 0, '--steps': '0': expected a number > 0",
    "train --env pendulum --out OUT --steps many, '--steps': 'many' is not a whole number",
    "evaluate --actor A --env pendulum --episodes -2, '--episodes': '-2': expected a number > 0",
    "evaluate --actor A --env pendulum --dt 5parsecs, '--dt': '5parsecs' is not a duration > 0",
    "train --env pendulum --steps 10, --out DIR is required (or --resume DIR)",
  })
  void shouldRejectWithOneLineNamingTheOption(String args, String expected) {
    Cli.Result r = Cli.run(args.replace("OUT", dir.resolve("o").toString()).split(" "));
    assertEquals(2, r.exit(), r.err());
    assertEquals(1, r.errLines().length, r.err());
    assertTrue(r.err().startsWith("error: "), r.err());
    assertTrue(r.err().contains(expected), r.err());
  }

  @Test
  void shouldTakeTheEvaluationPeriodWithAUnit() throws Exception {
    Path run = dir.resolve("run");
    assertEquals(
        0,
        Cli.run(
                Cli.concat(
                    new String[] {
                      "train", "--env", "pendulum", "--steps", "120", "--out", run.toString()
                    },
                    Cli.tiny()))
            .exit());
    Cli.Result r =
        Cli.run(
            "evaluate",
            "--actor",
            run.resolve("actor.safetensors").toString(),
            "--env",
            "pendulum",
            "--episodes",
            "1",
            "--dt",
            "25ms");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("\"dt_s\":0.025"), r.out());
  }

  @Test
  void shouldResumeIntoTheResumedDirectoryWithoutOut() throws Exception {
    Path run = dir.resolve("run");
    String[] first = {"train", "--env", "pendulum", "--steps", "120", "--out", run.toString()};
    assertEquals(0, Cli.run(Cli.concat(first, Cli.tiny())).exit());
    Cli.Result r = Cli.run("train", "--resume", run.toString(), "--steps", "220", "--quiet");
    assertEquals(0, r.exit(), r.err());
    assertEquals(220, Checkpoint.read(run.resolve("checkpoint.safetensors")).envSteps());
    Cli.Result again = Cli.run("train", "--resume", run.toString(), "--steps", "200", "--quiet");
    assertEquals(2, again.exit());
    assertTrue(
        again.err().contains("--steps 200 must be greater than the 220 steps the checkpoint"),
        again.err());
  }
}
