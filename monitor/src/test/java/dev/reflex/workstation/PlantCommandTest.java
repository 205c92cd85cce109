package dev.reflex.workstation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PlantCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = WorkstationMain.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private static int freePort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void shouldRunForTheDurationAndWriteRecordAndSummary() throws IOException {
    Path faults = dir.resolve("faults.json");
    Files.writeString(
        faults, "{\"faults\": [{\"type\": \"drop\", \"start_s\": 0.05, \"end_s\": 0.1}]}");
    Path csv = dir.resolve("traj.csv");
    int listen = freePort();
    int code =
        run(
            "plant",
            "--env",
            "pendulum",
            "--listen",
            "127.0.0.1:" + listen,
            "--peer",
            "127.0.0.1:" + freePort(),
            "--rate",
            "200",
            "--duration",
            "250ms",
            "--seed",
            "4",
            "--param",
            "mass_kg=1.3",
            "--faults",
            faults.toString(),
            "--record",
            csv.toString());
    assertEquals(0, code, err.toString());
    assertTrue(
        out.toString()
            .startsWith(
                "plant pendulum listening on 127.0.0.1:"
                    + listen
                    + ", sending sensor frames to 127.0.0.1:"),
        out.toString());
    List<String> rows = Files.readAllLines(csv);
    assertTrue(rows.size() > 10, "rows: " + rows.size());
    JsonNode summary = new ObjectMapper().readTree(dir.resolve("traj.summary.json").toFile());
    assertEquals(1.3, summary.get("parameters").get("mass_kg").asDouble(), 0.0);
    assertEquals(rows.size() - 1, summary.get("sensor").get("ticks").asLong());
    assertTrue(summary.get("sensor").get("dropped").asLong() > 0);
  }

  @Test
  void shouldRejectBadArgumentsWithOneLineAndExitTwo() throws IOException {
    String[][] cases = {
      {"--env", "acrobot"},
      {"--env", "pendulum", "--rate", "fast"},
      {"--env", "pendulum", "--param", "mass_kg=-1"},
      {"--env", "pendulum", "--param", "mass"},
      {"--env", "pendulum", "--listen", "localhost"},
      {"--env", "pendulum", "--duration", "soon"},
      {"--env", "pendulum", "--faults", dir.resolve("missing.json").toString()},
    };
    String[] expected = {
      "error: unknown plant 'acrobot'; known plants: pendulum, cartpole-swingup, dc-motor",
      "error: --rate 'fast' must be a positive number",
      "error: --param: pendulum: parameter mass_kg = -1.0 out of range [0.01, 100.0]",
      "error: --param 'mass': expected name=value",
      "error: --listen 'localhost' must be host:port",
      "error: --duration 'soon' is not a duration > 0 (e.g. 500ms, 30s, 2m, 1h)",
      "error: fault file " + dir.resolve("missing.json"),
    };
    for (int i = 0; i < cases.length; i++) {
      err.getBuffer().setLength(0);
      String[] args = new String[cases[i].length + 1];
      args[0] = "plant";
      System.arraycopy(cases[i], 0, args, 1, cases[i].length);
      assertEquals(2, run(args), String.join(" ", args));
      String text = err.toString().strip();
      assertEquals(1, text.lines().count(), text);
      assertTrue(text.startsWith(expected[i]), text);
    }
  }

  @Test
  void shouldParseDurations() {
    assertEquals(30_000_000_000L, PlantCommand.parseDurationNs("--duration", "30s"));
    assertEquals(500_000_000L, PlantCommand.parseDurationNs("--duration", "500ms"));
    assertEquals(120_000_000_000L, PlantCommand.parseDurationNs("--duration", "2m"));
    assertEquals(1_500_000_000L, PlantCommand.parseDurationNs("--duration", "1.5"));
  }
}
