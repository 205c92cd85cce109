package dev.reflex.workstation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The option rules of the workstation's commands, the same as the runtime's ({@code
 * dev.reflex.app.CliOptionRulesTest}): versions, durations, counts, one-line errors.
 */
class WorkstationCliOptionRulesTest {
  @TempDir Path dir;

  record Run(int status, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = WorkstationMain.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"plant", "monitor", "finetune-sim"})
  void shouldPrintTheVersionWithEitherFlag(String command) {
    for (String flag : new String[] {"-V", "--version"}) {
      Run r = run(command, flag);
      assertEquals(0, r.status(), command + " " + flag + ": " + r.err());
      assertTrue(r.out().startsWith("reflex "), command + " " + flag + ": '" + r.out() + "'");
    }
  }

  @ParameterizedTest
  @CsvSource({
    "monitor --broker tcp://127.0.0.1:1 --duration 0s, '--duration': '0s' is not a duration > 0",
    "monitor --broker tcp://127.0.0.1:1 --refresh 1x, '--refresh': '1x' is not a duration > 0",
    "finetune-sim --actor A --env pendulum --episodes -2, '--episodes': '-2': expected a number > 0",
    "finetune-sim --actor A --env pendulum --eval-every 0, '--eval-every': '0': expected a number > 0",
    "finetune-sim --actor A --env pendulum --critic-warmup -1, '--critic-warmup': '-1': expected a number >= 0",
    "plant --env pendulum --listen 127.0.0.1:0 --peer 127.0.0.1:9 --duration soon, --duration 'soon' is not a duration > 0",
  })
  void shouldRejectWithOneLineNamingTheOption(String args, String expected) {
    Run r = run(args.split(" "));
    assertEquals(2, r.status(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: "), r.err());
    assertTrue(r.err().contains(expected), r.err());
  }

  @Test
  void shouldParseThePlantsDurationLikeEveryOtherCommand() {
    assertEquals(30_000_000_000L, PlantCommand.parseDurationNs("--duration", "30s"));
  }

  @Test
  void shouldNameAMissingActorFileAndTheFix() {
    Run r =
        run(
            "finetune-sim",
            "--actor",
            dir.resolve("nope.safetensors").toString(),
            "--env",
            "pendulum");
    assertEquals(2, r.status());
    assertEquals("error: " + dir.resolve("nope.safetensors") + ": no such file", r.err().strip());
  }

  @Test
  void shouldNameABusyDashboardPortAndTheWayOut() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      Run r =
          run("monitor", "--broker", "tcp://127.0.0.1:1", "--http", ":" + port, "--duration", "2s");
      assertEquals(2, r.status(), r.err());
      assertEquals(
          "error: dashboard port "
              + port
              + " on 127.0.0.1 is in use: choose another with --http :PORT (:0 picks a free one)",
          r.err().lines().filter(l -> l.startsWith("error:")).findFirst().orElse(r.err()));
    }
  }
}
