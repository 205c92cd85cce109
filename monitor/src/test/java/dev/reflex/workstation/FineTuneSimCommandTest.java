package dev.reflex.workstation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflex.format.ActorFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code finetune-sim} end to end through the workstation's command line: a short real run. */
class FineTuneSimCommandTest {
  static final Path NOMINAL = Path.of("../firmware-config/actors/nominal");
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    try {
      // before the command line is built: its error handler writes to the System.err of then
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(progress, true, StandardCharsets.UTF_8));
      CommandLine cl = WorkstationMain.commandLine();
      StringWriter err = new StringWriter();
      cl.setErr(new PrintWriter(err, true));
      int exit = cl.execute(args);
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err + progress.toString());
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }

  @Test
  void shouldFineTuneWriteTheActorAndCurveAndDoItAgainIntoTheSameDirectory() throws Exception {
    Path out = dir.resolve("tuned");
    String[] args = {
      "finetune-sim",
      "--actor",
      NOMINAL.resolve("pendulum.safetensors").toString(),
      "--start-checkpoint",
      NOMINAL.resolve("pendulum.start.safetensors").toString(),
      "--env",
      "pendulum",
      "--param",
      "friction=0.3",
      "--episodes",
      "8", // 1,000 transitions come before the first update (SimFineTuning)
      "--eval-every",
      "1",
      "--eval-episodes",
      "2",
      "--seed",
      "4",
      "--out",
      out.toString()
    };
    JsonNode first = null;
    for (int time = 1; time <= 2; time++) {
      Run r = run(args);
      assertEquals(0, r.exit(), r.err());
      JsonNode j = new ObjectMapper().readTree(r.out().strip());
      assertEquals("pendulum", j.get("env").textValue());
      assertEquals(8, j.get("episodes").intValue());
      assertTrue(j.get("ticks").longValue() > 0, r.out());
      assertTrue(j.get("updates").longValue() > 0, r.out());
      assertTrue(Double.isFinite(j.get("after_mean").doubleValue()), r.out());
      ActorFile tuned = ActorFile.read(out.resolve("actor.safetensors"));
      assertEquals(3, tuned.observationSize());
      byte[] png = Files.readAllBytes(out.resolve("finetune-curve.png"));
      assertArrayEquals(
          new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4), "a PNG file");
      if (first == null) {
        first = j;
      } else {
        assertEquals(first, j, "the same seed gives the same result the second time");
      }
    }
  }

  @Test
  void shouldRefuseAMissingActorInOneLine() {
    Run r =
        run(
            "finetune-sim",
            "--actor",
            dir.resolve("missing.safetensors").toString(),
            "--env",
            "pendulum");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("missing.safetensors"), r.err());
    assertEquals(1, r.err().lines().filter(l -> !l.isBlank()).count(), r.err());
  }
}
