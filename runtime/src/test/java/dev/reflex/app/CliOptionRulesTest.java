package dev.reflex.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.cli.CliValues;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/**
 * The option rules every runtime command shares: versions, durations, counts, one-line errors. The
 * workstation's commands: {@code dev.reflex.workstation.WorkstationCliOptionRulesTest}.
 */
class CliOptionRulesTest {
  @TempDir Path dir;

  record Run(int status, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "infer", "check-config"})
  void shouldPrintTheVersionWithEitherFlag(String command) {
    for (String flag : new String[] {"-V", "--version"}) {
      Run r = run(command, flag);
      assertEquals(0, r.status(), command + " " + flag + ": " + r.err());
      assertTrue(r.out().startsWith("reflex "), command + " " + flag + ": '" + r.out() + "'");
    }
  }

  @ParameterizedTest
  @CsvSource({
    "run --config C --duration 5parsecs, '--duration': '5parsecs' is not a duration > 0",
    "run --config C --duration -3s, '--duration': '-3s' is not a duration > 0",
  })
  void shouldRejectWithOneLineNamingTheOption(String args, String expected) {
    Run r = run(args.split(" "));
    assertEquals(2, r.status(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: "), r.err());
    assertTrue(r.err().contains(expected), r.err());
  }

  @Test
  void shouldParseDurationsWithUnitsTheSameWayEverywhere() {
    assertEquals(Duration.ofMillis(500), CliValues.duration("500ms"));
    assertEquals(Duration.ofSeconds(30), CliValues.duration("30s"));
    assertEquals(Duration.ofSeconds(30), CliValues.duration(" 30 s "));
    assertEquals(Duration.ofMinutes(2), CliValues.duration("2m"));
    assertEquals(Duration.ofMinutes(2), CliValues.duration("2min"));
    assertEquals(Duration.ofHours(1), CliValues.duration("1h"));
    assertEquals(Duration.ofMillis(1500), CliValues.duration("1.5"));
    assertEquals(Duration.ofNanos(250_000), CliValues.duration("250us"));
    for (String bad : new String[] {"", "s", "0", "-1s", "5 parsecs", "1e400s", "NaN"}) {
      assertThrows(TypeConversionException.class, () -> CliValues.duration(bad), bad);
    }
    assertEquals(
        CliValues.duration("2m"), new RunCommand.DurationConverter().convert("2m"), "run's too");
  }

  @Test
  void shouldSayOneActionAndTwoActions() {
    assertEquals("1 action", CliValues.plural(1, "action"));
    assertEquals("2 actions", CliValues.plural(2, "action"));
    assertEquals("0 rollbacks", CliValues.plural(0, "rollback"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"monitor", "plant", "finetune-sim"})
  void shouldSayInOneLineWhereAMovedCommandIsNow(String command) {
    for (String[] args :
        new String[][] {{command}, {command, "--help"}, {command, "--broker", "tcp://x:1"}}) {
      Run r = run(args);
      assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
      assertEquals("", r.out(), String.join(" ", args));
      assertEquals(
          "error: "
              + command
              + " moved to the workstation tool: bin/reflex "
              + command
              + " ... (or java -jar monitor/target/monitor.jar "
              + command
              + " ...); runtime.jar is the board program",
          r.err().strip());
    }
    assertTrue(!run("--help").out().contains("\n  " + command + " "), "not listed in the usage");
  }

  @Test
  void shouldReportAMissingConfigWithoutALineNumber() {
    Path missing = dir.resolve("nope.yaml");
    Run r = run("check-config", missing.toString());
    assertEquals(2, r.status());
    assertTrue(r.err().startsWith(missing + ": cannot read: no such file"), r.err());
    assertTrue(!r.err().contains(":0:"), r.err());
    Run run = run("run", "--config", missing.toString());
    // run prints through System.err; the command line's err is unused: the exit status says it
    assertEquals(2, run.status());
  }

  @Test
  void shouldRejectAnActionUnitThatIsNotTheSimulatedActuatorsAndWarnOfAnotherBoard()
      throws Exception {
    Path shipped = ShippedControllers.DIR.toAbsolutePath().normalize().resolve("pendulum-sim.yaml");
    Path cfg = dir.resolve("pendulum-volts.yaml");
    String yaml = Files.readString(shipped).replace("unit: N*m", "unit: V");
    Files.writeString(cfg, rebase(yaml, shipped.getParent()));
    Run r = run("check-config", cfg.toString());
    assertEquals(2, r.status(), r.out());
    assertTrue(
        r.err().contains("wrong unit `V`: the simulated plant's torque_nm is in N*m"), r.err());
    assertTrue(r.err().contains("1 problem found"), r.err());

    Run pi =
        run(
            "check-config",
            ShippedControllers.DIR
                .toAbsolutePath()
                .normalize()
                .resolve("dc-motor-pi5.yaml")
                .toString());
    assertEquals(0, pi.status(), pi.err());
    assertTrue(pi.out().contains("2 observations, 1 action,"), pi.out());
    if (!hasGpioChip()) {
      assertTrue(
          pi.err().contains("warning: ")
              && pi.err().contains("this is not a Raspberry Pi (no /dev/gpiochip*)"),
          pi.err());
    }
  }

  @Test
  void shouldNameABusyPortAndTheWaysOut() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      var broker = new dev.reflex.telemetry.mqtt.EmbeddedBroker("127.0.0.1", port, 1 << 20);
      IllegalStateException e = assertThrows(IllegalStateException.class, broker::start);
      assertTrue(
          e.getMessage().startsWith("port " + port + " on 127.0.0.1 is in use"), e.getMessage());
      assertTrue(e.getMessage().contains("telemetry.embedded_port"), e.getMessage());
      assertTrue(e.getMessage().contains("--broker tcp://127.0.0.1:" + port), e.getMessage());
    }
  }

  private static boolean hasGpioChip() throws Exception {
    try (var s = Files.newDirectoryStream(Path.of("/dev"), "gpiochip*")) {
      return s.iterator().hasNext();
    }
  }

  /** The shipped config's relative paths, made absolute so that the copy finds its actor. */
  private static String rebase(String yaml, Path from) {
    return yaml.replace("actor: ../", "actor: " + from.getParent() + "/")
        .replace("dir: ../../", "dir: " + from.getParent().getParent() + "/");
  }
}
