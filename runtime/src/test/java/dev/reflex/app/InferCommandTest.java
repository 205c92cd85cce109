package dev.reflex.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.cli.CliErrors;
import dev.reflex.format.ActorFile;
import dev.reflex.format.ActorScaling;
import dev.reflex.network.Activation;
import dev.reflex.policy.CompactActor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferCommandTest {
  @TempDir Path dir;
  private Path actorPath;
  private ActorFile actor;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void writeActor() throws IOException {
    Random rnd = new Random(21);
    int[] sizes = {3, 16, 2};
    double[][] w = {new double[48], new double[32]};
    double[][] b = {new double[16], new double[2]};
    for (double[][] layer : new double[][][] {w, b}) {
      for (double[] a : layer) {
        for (int i = 0; i < a.length; i++) {
          a[i] = rnd.nextGaussian() * 0.5;
        }
      }
    }
    actor =
        ActorFile.fromDoubleLayers(
            sizes,
            w,
            b,
            new Activation[] {Activation.RELU, Activation.TANH},
            new ActorScaling(
                new double[] {0, 1, -1},
                new double[] {1, 2, 0.5},
                5,
                new double[] {-2, 0},
                new double[] {2, 100}));
    actorPath = dir.resolve("actor.safetensors");
    actor.write(actorPath);
  }

  private int run(String... args) {
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  private Path csv(String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  private String expectedLine(double... obs) {
    double[] a = new double[2];
    new CompactActor(actor).act(obs, a);
    return Double.toString(a[0]) + "," + Double.toString(a[1]);
  }

  @Test
  void shouldPrintOneFullPrecisionActionPerObservationLine() throws IOException {
    Path in = csv("obs.csv", "# x, v, theta\n0.5,1,-1\n\n  # comment\n 1e3 , -2.25,0\n0,0,0");

    int status = run("infer", "--actor", actorPath.toString(), "--input", in.toString());

    assertEquals("", err.toString());
    assertEquals(0, status);
    String expected =
        String.join(
                System.lineSeparator(),
                expectedLine(0.5, 1, -1),
                expectedLine(1e3, -2.25, 0),
                expectedLine(0, 0, 0))
            + System.lineSeparator();
    assertEquals(expected, out.toString());
  }

  @Test
  void shouldSkipAHeaderLineOfColumnNamesButNotALaterOne() throws IOException {
    Path in = csv("obs.csv", "cos_theta, sin_theta, theta_dot_rad_s\n0.5,1,-1\n");
    assertEquals(0, run("infer", "--actor", actorPath.toString(), "--input", in.toString()));
    assertEquals(expectedLine(0.5, 1, -1) + System.lineSeparator(), out.toString());

    Path later = csv("later.csv", "0.5,1,-1\ncos_theta,sin_theta,theta_dot_rad_s\n");
    out.getBuffer().setLength(0);
    assertEquals(2, run("infer", "--actor", actorPath.toString(), "--input", later.toString()));
    assertTrue(
        err.toString().contains("later.csv:2: value 1 'cos_theta' is not a finite number"),
        err.toString());
  }

  @Test
  void shouldReadObservationsFromStandardInputForADash() {
    InputStream saved = System.in;
    try {
      System.setIn(new ByteArrayInputStream("0.5,1,-1\n".getBytes(StandardCharsets.UTF_8)));
      int status = run("infer", "--actor", actorPath.toString(), "--input", "-");
      assertEquals(0, status, err.toString());
    } finally {
      System.setIn(saved);
    }
    assertEquals(expectedLine(0.5, 1, -1) + System.lineSeparator(), out.toString());
  }

  private void assertOneErrorLine(int status, String expected) {
    assertEquals(CliErrors.USER_ERROR, status);
    assertEquals("error: " + expected + System.lineSeparator(), err.toString());
  }

  @Test
  void shouldNameFileAndLineOfAWrongColumnCount() throws IOException {
    Path in = csv("obs.csv", "0,0,0\n\n1,2\n");
    int status = run("infer", "--actor", actorPath.toString(), "--input", in.toString());
    assertOneErrorLine(
        status, in + ":3: expected 3 values (the actor's observation size), found 2");
  }

  @Test
  void shouldNameFileLineAndColumnOfANonNumericValue() throws IOException {
    Path in = csv("obs.csv", "# header\n0, abc ,0\n");
    int status = run("infer", "--actor", actorPath.toString(), "--input", in.toString());
    assertOneErrorLine(status, in + ":2: value 2 'abc' is not a finite number");

    err.getBuffer().setLength(0);
    Path empty = csv("empty.csv", "1,,2\n");
    status = run("infer", "--actor", actorPath.toString(), "--input", empty.toString());
    assertOneErrorLine(status, empty + ":1: value 2 '' is not a finite number");
  }

  @Test
  void shouldReportACorruptActorFile() throws IOException {
    byte[] bytes = Files.readAllBytes(actorPath);
    bytes[bytes.length - 1] ^= 1;
    Files.write(actorPath, bytes);
    Path in = csv("obs.csv", "0,0,0\n");

    int status = run("infer", "--actor", actorPath.toString(), "--input", in.toString());

    assertEquals(CliErrors.USER_ERROR, status);
    String e = err.toString();
    assertEquals(1, e.lines().count(), e);
    assertEquals(
        true,
        e.startsWith("error: " + actorPath + ": file is corrupt: SHA-256 of the data section"),
        e);
  }

  @Test
  void shouldReportUnreadableFiles() throws IOException {
    Path in = csv("obs.csv", "0,0,0\n");
    Path missing = dir.resolve("missing.safetensors");
    assertOneErrorLine(
        run("infer", "--actor", missing.toString(), "--input", in.toString()),
        missing + ": cannot read: no such file");

    err.getBuffer().setLength(0);
    Path notCsv = dir.resolve("nope.csv");
    assertOneErrorLine(
        run("infer", "--actor", actorPath.toString(), "--input", notCsv.toString()),
        notCsv + ": cannot read: no such file");

    err.getBuffer().setLength(0);
    Path text = csv("text.safetensors", "hello");
    assertOneErrorLine(
        run("infer", "--actor", text.toString(), "--input", in.toString()),
        text + ": file is 5 bytes, shorter than the 8-byte header length field");
  }
}
