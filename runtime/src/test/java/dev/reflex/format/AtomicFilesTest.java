package dev.reflex.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private List<Path> listDir() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldCreateANewFileAndLeaveNoTemporaryFile() throws IOException {
    Path target = dir.resolve("actor.safetensors");

    AtomicFiles.write(target, bytes("new content"));

    assertArrayEquals(bytes("new content"), Files.readAllBytes(target));
    assertEquals(List.of(target), listDir());
  }

  @Test
  void shouldShowTheOldContentUntilTheNewOneIsCompleteThenTheNewOne() throws IOException {
    Path target = dir.resolve("checkpoint.safetensors");
    Files.write(target, bytes("old content, complete"));
    byte[] fresh = new byte[1 << 20];
    for (int i = 0; i < fresh.length; i++) {
      fresh[i] = (byte) (i * 31 + 7);
    }

    AtomicFiles.write(
        target,
        out -> {
          out.write(fresh, 0, fresh.length / 2);
          // Halfway through, a reader still sees the old file in full.
          assertArrayEquals(bytes("old content, complete"), Files.readAllBytes(target));
          out.write(fresh, fresh.length / 2, fresh.length - fresh.length / 2);
          assertArrayEquals(bytes("old content, complete"), Files.readAllBytes(target));
        });

    assertArrayEquals(fresh, Files.readAllBytes(target));
    assertEquals(List.of(target), listDir());
  }

  @Test
  void shouldLeaveTheOldFileUntouchedWhenTheWriteFails() throws IOException {
    Path target = dir.resolve("checkpoint.safetensors");
    Files.write(target, bytes("old content"));
    IOException failure = new IOException("disk full");

    IOException thrown =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write(bytes("partial new"));
                      throw failure;
                    }));

    assertSame(failure, thrown);
    assertArrayEquals(bytes("old content"), Files.readAllBytes(target));
    assertEquals(List.of(target), listDir());
  }

  /** Content of version {@code v}: 1 MiB of the byte {@code v}. */
  static byte[] version(int v) {
    byte[] b = new byte[1 << 20];
    Arrays.fill(b, (byte) v);
    return b;
  }

  /**
   * Child process: writes versions 1 and 2 of the target, then half of version 3, says "mid" and
   * blocks until it is killed.
   */
  public static final class Writer {
    public static void main(String[] args) throws IOException {
      Path target = Path.of(args[0]);
      for (int v = 1; v <= 3; v++) {
        byte[] content = version(v);
        boolean last = v == 3;
        AtomicFiles.write(
            target,
            out -> {
              out.write(content, 0, content.length / 2);
              if (last) {
                out.flush();
                System.out.println("mid");
                System.out.flush();
                System.in.read(); // the parent never answers: it kills us here
              }
              out.write(content, content.length / 2, content.length - content.length / 2);
            });
      }
    }
  }

  @Test
  void shouldLeaveTheLastCompleteVersionWhenTheWriterProcessIsKilledMidWrite() throws Exception {
    Path target = dir.resolve("actor.bin");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Writer.class.getName(),
                target.toString())
            .redirectErrorStream(true)
            .start();
    try (var lines = p.inputReader()) {
      assertEquals("mid", lines.readLine());
      p.destroyForcibly(); // SIGKILL in the middle of writing version 3
      p.waitFor();
    }

    assertArrayEquals(version(2), Files.readAllBytes(target));
  }

  @Test
  void shouldReplaceRepeatedlyWithoutLeftovers() throws IOException {
    Path target = dir.resolve("a.bin");
    for (int i = 0; i < 20; i++) {
      AtomicFiles.write(target, bytes("version " + i));
    }
    assertArrayEquals(bytes("version 19"), Files.readAllBytes(target));
    assertEquals(List.of(target), listDir());
  }

  @Test
  void shouldFailWithoutTouchingAnythingWhenTheDirectoryIsMissing() {
    Path target = dir.resolve("missing").resolve("a.bin");
    assertThrows(IOException.class, () -> AtomicFiles.write(target, bytes("x")));
    assertFalse(Files.exists(target));
  }
}
