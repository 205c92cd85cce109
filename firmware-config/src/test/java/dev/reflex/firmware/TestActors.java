package dev.reflex.firmware;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Tiny valid actors standing in for the trainer's until firmware-config/actors/ holds real ones.
 */
final class TestActors {
  /** Actor file name to {inputs, outputs}, as the shipped controllers expect them. */
  static final Map<String, int[]> SHAPES =
      Map.of(
          "pendulum.safetensors", new int[] {3, 1},
          "dc-motor.safetensors", new int[] {2, 1},
          "cartpole-swingup.safetensors", new int[] {5, 1},
          "servo-pca9685.safetensors", new int[] {3, 1});

  private TestActors() {}

  /** Writes a two-layer nn.Sequential actor (in -> 4 -> out) in safetensors format. */
  static void write(Path file, int in, int out) throws IOException {
    int hidden = 4;
    long w0 = 4L * hidden * in;
    long b0 = w0 + 4L * hidden;
    long w1 = b0 + 4L * out * hidden;
    long b1 = w1 + 4L * out;
    String header =
        "{\"0.weight\":{\"dtype\":\"F32\",\"shape\":["
            + hidden
            + ","
            + in
            + "],\"data_offsets\":[0,"
            + w0
            + "]},"
            + "\"0.bias\":{\"dtype\":\"F32\",\"shape\":["
            + hidden
            + "],\"data_offsets\":["
            + w0
            + ","
            + b0
            + "]},"
            + "\"2.weight\":{\"dtype\":\"F32\",\"shape\":["
            + out
            + ","
            + hidden
            + "],\"data_offsets\":["
            + b0
            + ","
            + w1
            + "]},"
            + "\"2.bias\":{\"dtype\":\"F32\",\"shape\":["
            + out
            + "],\"data_offsets\":["
            + w1
            + ","
            + b1
            + "]}}";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate((int) (8 + h.length + b1)).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(h.length).put(h);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, buf.array());
  }

  /**
   * Copies controllers/ into {@code dir}/controllers and the shipped actors into {@code
   * dir}/actors; writes a stand-in of the right shape only for an actor not shipped.
   */
  static void stage(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("controllers"));
    try (var files = Files.list(Path.of("controllers"))) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve("controllers").resolve(f.getFileName()));
      }
    }
    Files.createDirectories(dir.resolve("actors"));
    Path actors = Path.of("actors");
    try (var files = Files.walk(actors)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".safetensors")).toList()) {
        Path to = dir.resolve("actors").resolve(actors.relativize(f).toString());
        Files.createDirectories(to.getParent());
        Files.copy(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    for (Map.Entry<String, int[]> e : SHAPES.entrySet()) {
      Path target = dir.resolve("actors").resolve(e.getKey());
      if (!Files.exists(target)) {
        write(target, e.getValue()[0], e.getValue()[1]);
      }
    }
  }
}
