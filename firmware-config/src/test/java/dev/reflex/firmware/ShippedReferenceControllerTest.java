package dev.reflex.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflex.app.Main;
import dev.reflex.app.Pi4jPlantFactory;
import dev.reflex.app.RunCommand;
import dev.reflex.cli.CliErrors;
import dev.reflex.config.PlantConfig;
import dev.reflex.plant.pi4j.MockBoard;
import dev.reflex.workstation.WorkstationMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every shipped controller starts: {@code run --config <copy> --duration 2s --no-telemetry --report
 * <file>} in-process, from a copy of controllers/ whose actors are the trained ones where
 * firmware-config/actors/ has them and stand-ins of the right shape otherwise. The udp controller
 * runs against the plant emulator ({@code plant}) on free ports; the pi4j controllers run with
 * their devices on the runtime's mock board (Pi4J's mock pins, a fake PWM sysfs, chip emulations)
 * through {@link RunCommand#RunCommand(dev.reflex.app.PlantOpener)}. Checks the exit status and the
 * report: ticks ran and the controller shut down in order.
 *
 * <p>The copies keep every setting but four: {@code priority} (SCHED_FIFO) and {@code lock_memory}
 * (mlockall, which would hold for the rest of this shared test JVM) are dropped, {@code
 * safety.miss_budget} is raised to its maximum and {@code safety.watchdog_period_ms} to 5 s, since
 * a loaded test machine misses deadlines of a 500 Hz loop without a real-time priority. Thread
 * set-up, deadline misses and the watchdog are tested in the loop package. Every stop fails the
 * case: nothing here is skipped.
 */
@Tag("slow")
class ShippedReferenceControllerTest {
  @TempDir Path dir;
  private final StringWriter err = new StringWriter();

  static List<String> controllers() throws Exception {
    return ShippedConfigTest.controllers().toList();
  }

  /** controllers/ and actors/ in {@code dir}: trained actors where they exist, else stand-ins. */
  private void stage() throws IOException {
    TestActors.stage(dir);
  }

  @ParameterizedTest
  @MethodSource("controllers")
  void shouldStartEveryShippedReferenceController(String name) throws Exception {
    stage();
    Path config = dir.resolve("controllers").resolve(name);
    String yaml =
        Files.readString(config)
            .replaceAll("(?m)^\\s+priority:.*\\n", "")
            .replaceAll("(?m)^(\\s+)lock_memory: true", "$1lock_memory: false");
    yaml =
        yaml.contains("miss_budget:")
            ? yaml.replaceAll("miss_budget: \\d+", "miss_budget: 1000")
            : yaml.contains("\nsafety:\n")
                ? yaml.replace("\nsafety:\n", "\nsafety:\n  miss_budget: 1000\n")
                : yaml + "\nsafety:\n  miss_budget: 1000\n";
    // A stalled test JVM (GC, JIT, another build on the machine) must not read as a watchdog stall.
    yaml = yaml.replaceAll("watchdog_period_ms: [0-9.]+", "watchdog_period_ms: 5000");
    Files.writeString(config, yaml);
    String backend =
        yaml.lines()
            .filter(l -> l.strip().startsWith("backend:"))
            .findFirst()
            .orElseThrow()
            .replaceAll(".*backend:\\s*(\\w+).*", "$1");
    Path report = dir.resolve("report.json");
    String[] args = {
      "--config",
      config.toString(),
      "--duration",
      "2s",
      "--no-telemetry",
      "--checkpoint-dir",
      dir.resolve("checkpoints").toString(),
      "--report",
      report.toString()
    };
    PrintStream systemErr = System.err;
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    System.setErr(new PrintStream(new TeeStream(systemErr, stderr), true));
    int status;
    try {
      status =
          switch (backend) {
            case "sim" -> run(Main.commandLine(), prepend("run", args));
            case "udp" -> runAgainstEmulator(config, yaml, args);
            case "pi4j" -> runOnMockBoard(args);
            default -> throw new AssertionError(name + ": unknown backend " + backend);
          };
    } finally {
      System.setErr(systemErr);
    }
    String output = err + stderr.toString();
    assertTrue(Files.exists(report), name + ": no report, status " + status + ":\n" + output);
    JsonNode r = new ObjectMapper().readTree(report.toFile());
    String stopReason = r.path("stop_reason").asText();
    assertEquals(0, status, name + ":\n" + output);
    assertEquals(name.replace(".yaml", ""), r.path("controller").asText());
    assertEquals("shutdown", r.path("state").asText(), name + ": " + r);
    assertTrue(r.path("loop").path("ticks").asLong() > 0, name + ": no ticks: " + r);
  }

  private int run(CommandLine cl, String... args) {
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private int runOnMockBoard(String[] args) {
    try (MockBoard board = new MockBoard(dir.resolve("pwm"))) {
      RunCommand command =
          new RunCommand(
              (c, seed) ->
                  Pi4jPlantFactory.open(
                      c, (PlantConfig.Pi4j) c.plant(), dir.toString(), board::open));
      return run(CliErrors.install(new CommandLine(command)), args);
    }
  }

  /** Moves the copy to free ports and runs it while the emulator plays the plant. */
  private int runAgainstEmulator(Path config, String yaml, String[] args) throws Exception {
    int listen = freePort();
    int peer = freePort();
    Files.writeString(
        config,
        yaml.replaceFirst("listen: 127\\.0\\.0\\.1:\\d+", "listen: 127.0.0.1:" + listen)
            .replaceFirst("peer: 127\\.0\\.0\\.1:\\d+", "peer: 127.0.0.1:" + peer));
    StringWriter emulatorErr = new StringWriter();
    Thread emulator =
        Thread.ofPlatform()
            .name("plant-emulator")
            .start(
                () -> {
                  CommandLine cl = WorkstationMain.commandLine(); // the emulator: monitor module
                  cl.setErr(new PrintWriter(emulatorErr, true));
                  cl.execute(
                      "plant",
                      "--env",
                      "pendulum",
                      "--listen",
                      "127.0.0.1:" + peer,
                      "--peer",
                      "127.0.0.1:" + listen,
                      "--rate",
                      "200",
                      "--duration",
                      "4s");
                });
    Thread.sleep(300); // the emulator is sending before the controller's first tick
    try {
      return run(Main.commandLine(), prepend("run", args));
    } finally {
      emulator.join(10_000);
      err.append(emulatorErr.toString());
    }
  }

  private static String[] prepend(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  private static int freePort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Writes to two streams. */
  private static final class TeeStream extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    TeeStream(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }
  }
}
