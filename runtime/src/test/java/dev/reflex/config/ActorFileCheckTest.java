package dev.reflex.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActorFileCheckTest {
  @TempDir Path dir;

  @Test
  void shouldReadSizesOfASequentialActor() throws Exception {
    Path f = TinyActorFiles.write(dir.resolve("a.safetensors"), 5, 2);
    ActorFileCheck.Result r = ActorFileCheck.check(f);
    assertNull(r.error());
    assertEquals(5, r.inputSize());
    assertEquals(2, r.outputSize());
  }

  @Test
  void shouldRejectAHeaderLongerThanTheFile() throws Exception {
    Path f = dir.resolve("b.safetensors");
    Files.write(f, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array());
    String e = ActorFileCheck.check(f).error();
    assertTrue(e.contains("is unusable: header length 1000 goes beyond the end of the file"), e);
  }

  @Test
  void shouldRejectTensorsPastTheEndOfTheData() throws Exception {
    byte[] h =
        "{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,400]}}"
            .getBytes(StandardCharsets.UTF_8);
    Path f = dir.resolve("c.safetensors");
    Files.write(
        f,
        ByteBuffer.allocate(8 + h.length + 4)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putLong(h.length)
            .put(h)
            .array());
    String e = ActorFileCheck.check(f).error();
    assertTrue(e.contains("is unusable:") && e.contains("0.weight"), e);
  }

  @Test
  void shouldRejectAHeaderThatIsNotJson() throws Exception {
    Path f = dir.resolve("d.safetensors");
    Files.write(
        f,
        ByteBuffer.allocate(12)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putLong(4)
            .put("abcd".getBytes())
            .array());
    String e = ActorFileCheck.check(f).error();
    assertTrue(e.contains("is unusable: header is not valid JSON"), e);
    assertTrue(e.lines().count() == 1, "one line: " + e);
  }
}
