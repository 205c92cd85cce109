package dev.reflex.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes tiny but valid safetensors actors (an nn.Sequential of two Linear layers) for tests. */
final class TinyActorFiles {
  private TinyActorFiles() {}

  /** Writes an actor with {@code in} inputs, 4 hidden units and {@code out} outputs. */
  static Path write(Path file, int in, int out) throws IOException {
    int hidden = 4;
    int w0 = hidden * in * 4;
    int b0 = hidden * 4;
    int w1 = out * hidden * 4;
    int b1 = out * 4;
    String header =
        String.format(
            "{\"__metadata__\":{\"format\":\"test\"},"
                + "\"0.weight\":{\"dtype\":\"F32\",\"shape\":[%d,%d],\"data_offsets\":[0,%d]},"
                + "\"0.bias\":{\"dtype\":\"F32\",\"shape\":[%d],\"data_offsets\":[%d,%d]},"
                + "\"2.weight\":{\"dtype\":\"F32\",\"shape\":[%d,%d],\"data_offsets\":[%d,%d]},"
                + "\"2.bias\":{\"dtype\":\"F32\",\"shape\":[%d],\"data_offsets\":[%d,%d]}}",
            hidden,
            in,
            w0,
            hidden,
            w0,
            w0 + b0,
            out,
            hidden,
            w0 + b0,
            w0 + b0 + w1,
            out,
            w0 + b0 + w1,
            w0 + b0 + w1 + b1);
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf =
        ByteBuffer.allocate(8 + h.length + w0 + b0 + w1 + b1).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(h.length).put(h);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, buf.array());
    return file;
  }
}
