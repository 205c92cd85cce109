package dev.reflex.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckConfigCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  private Path config(String extra) throws Exception {
    byte[] h =
        ("{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]},"
                + "\"0.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}")
            .getBytes(StandardCharsets.UTF_8);
    Files.write(
        dir.resolve("a.safetensors"),
        ByteBuffer.allocate(8 + h.length + 8)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putLong(h.length)
            .put(h)
            .array());
    Path f = dir.resolve("c.yaml");
    Files.writeString(
        f,
        "name: c\nboard: sim\nplant: {backend: sim}\n"
            + "observation: [{name: x, from: x}]\n"
            + "action: [{name: u, to: u, min: -1, max: 1, unit: '1'}]\n"
            + "actor: a.safetensors\n"
            + extra);
    return f;
  }

  @Test
  void shouldExitZeroForAValidConfig() throws Exception {
    Path f = config("");
    assertEquals(0, run("check-config", f.toString()), err.toString());
    assertTrue(
        out.toString().contains(": ok (c on sim, sim backend, 1 observation, 1 action, 100 Hz)"),
        out.toString());
  }

  @Test
  void shouldPrintTheEffectiveConfig() throws Exception {
    Path f = config("");
    assertEquals(0, run("check-config", f.toString(), "--print"), err.toString());
    assertTrue(out.toString().contains("rate: 100 Hz"), out.toString());
    assertTrue(out.toString().contains("nan_policy: safe"), out.toString());
  }

  @Test
  void shouldExitTwoWithOneLinePerProblem() throws Exception {
    Path f = config("loop: {rate: 50 Hz, cpux: 1}\n");
    assertEquals(2, run("check-config", f.toString()));
    String[] lines = err.toString().strip().split("\n");
    assertEquals(3, lines.length, err.toString());
    assertTrue(lines[0].startsWith(f + ":7: loop.rate: out of range"), lines[0]);
    assertTrue(
        lines[1].startsWith(f + ":7: loop.cpux: unknown key `cpux`; did you mean `cpu`?"),
        lines[1]);
    assertEquals("2 problems found", lines[2]);
  }
}
