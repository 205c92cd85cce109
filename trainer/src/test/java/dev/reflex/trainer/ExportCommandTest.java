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
