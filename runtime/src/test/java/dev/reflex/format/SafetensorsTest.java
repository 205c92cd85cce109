package dev.reflex.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir Path dir;

  /** A file with the given header (unpadded) and data section. */
  static byte[] file(String header, byte[] data) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    return b.putLong(h.length).put(h).put(data).array();
  }

  static byte[] littleEndianShorts(int... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      b.putShort((short) v);
    }
    return b.array();
  }

  private SafetensorsFormatException readFails(String header, byte[] data) throws IOException {
    Path f = dir.resolve("bad.safetensors");
    Files.write(f, file(header, data));
    return assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(f));
  }

  private static void assertMessage(SafetensorsFormatException e, String... parts) {
    String msg = e.getMessage();
    assertTrue(msg.contains("bad.safetensors"), () -> "no file name in: " + msg);
    for (String p : parts) {
      assertTrue(msg.contains(p), () -> "expected '" + p + "' in: " + msg);
    }
  }

  @Test
  void shouldRoundTripEveryWritableDtypeAndMetadataThroughAFile() throws IOException {
    Safetensors original =
        Safetensors.builder()
            .put("w", Tensor.f32(new int[] {2, 3}, new float[] {1f, -2.5f, 3e-8f, 0f, 7f, 1e30f}))
            .put("d", Tensor.f64(new int[] {3}, new double[] {Math.PI, -0.0, 1e-300}))
            .put("step", Tensor.i64(new int[] {}, new long[] {Long.MIN_VALUE + 1}))
            .put("i", Tensor.i32(new int[] {1, 2}, new int[] {-7, Integer.MAX_VALUE}))
            .put("b", Tensor.u8(new int[] {4}, new byte[] {0, 1, (byte) 200, (byte) 255}))
            .put("empty", Tensor.f32(new int[] {0, 5}, new float[0]))
            .metadata("format", "pt")
            .metadata("unicodé", "välue \"quoted\"")
            .build();
    Path f = dir.resolve("rt.safetensors");
    original.write(f);

    Safetensors read = Safetensors.read(f);

    assertEquals(List.of("w", "d", "step", "i", "b", "empty"), List.copyOf(read.names()));
    assertEquals(original.tensors(), read.tensors());
    assertEquals(Map.of("format", "pt", "unicodé", "välue \"quoted\""), read.metadata());
    assertArrayEquals(
        new float[] {1f, -2.5f, 3e-8f, 0f, 7f, 1e30f}, read.tensor("w").toFloats(), 0f);
    assertArrayEquals(new int[] {2, 3}, read.tensor("w").shape());
    assertArrayEquals(new double[] {Math.PI, -0.0, 1e-300}, read.tensor("d").toDoubles(), 0.0);
    assertArrayEquals(new long[] {Long.MIN_VALUE + 1}, read.tensor("step").toLongs());
    assertEquals(0, read.tensor("step").rank());
    assertArrayEquals(new long[] {-7, Integer.MAX_VALUE}, read.tensor("i").toLongs());
    assertArrayEquals(new long[] {0, 1, 200, 255}, read.tensor("b").toLongs());
    assertEquals(0, read.tensor("empty").elementCount());
    assertEquals(original.dataSha256(), read.dataSha256());
  }

  @Test
  void shouldPadTheHeaderWithSpacesToAMultipleOfEight() throws IOException {
    byte[] bytes =
        Safetensors.builder()
            .put("x", Tensor.f32(new int[] {1}, new float[] {1f}))
            .metadata("k", "v")
            .build()
            .toBytes();

    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);

    assertEquals(0, n % 8);
    assertEquals(8 + n + 4, bytes.length);
    assertTrue(
        header.startsWith("{\"__metadata__\":{\"k\":\"v\"},\"x\":{\"dtype\":\"F32\""), header);
    assertTrue(header.stripTrailing().endsWith("}"), header);
    assertTrue(header.substring(header.stripTrailing().length()).isBlank());
  }

  @Test
  void shouldReadAFileWhoseHeaderOrderDiffersFromItsDataOrder() throws IOException {
    byte[] data =
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(5).putInt(-6).array();
    String header =
        "{\"a\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[4,8]},"
            + "\"__metadata__\":{\"foo\":\"bar\"},"
            + "\"b\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[0,4]}}   ";

    Safetensors st = Safetensors.parse(file(header, data), "mem");

    assertEquals(List.of("b", "a"), List.copyOf(st.names()));
    assertArrayEquals(new long[] {-6}, st.tensor("a").toLongs());
    assertArrayEquals(new long[] {5}, st.tensor("b").toLongs());
    assertEquals("bar", st.metadata().get("foo"));
  }

  @Test
  void shouldConvertHalfAndBfloat16ToFloat() throws IOException {
    byte[] data = new byte[12];
    System.arraycopy(littleEndianShorts(0x3C00, 0xC000, 0x3800), 0, data, 0, 6);
    System.arraycopy(littleEndianShorts(0x3F80, 0xC000, 0x4040), 0, data, 6, 6);
    String header =
        "{\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},"
            + "\"bf\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[6,12]}}";

    Safetensors st = Safetensors.parse(file(header, data), "mem");

    assertArrayEquals(new float[] {1f, -2f, 0.5f}, st.tensor("h").toFloats(), 0f);
    assertArrayEquals(new float[] {1f, -2f, 3f}, st.tensor("bf").toFloats(), 0f);
  }

  @Test
  void shouldRejectAFileShorterThanEightBytes() throws IOException {
    Path f = dir.resolve("bad.safetensors");
    Files.write(f, new byte[] {1, 0, 0});
    var e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(f));
    assertMessage(e, "3 bytes", "shorter than the 8-byte header length");
  }

  @Test
  void shouldRejectAHeaderLengthBeyondTheFile() throws IOException {
    byte[] bytes = file("{}", new byte[0]);
    bytes[0] = 100;
    Path f = dir.resolve("bad.safetensors");
    Files.write(f, bytes);
    var e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(f));
    assertMessage(e, "header length 100 goes beyond the end of the file (10 bytes)");
  }

  @Test
  void shouldRejectAnAbsurdHeaderLength() throws IOException {
    byte[] bytes = file("{}", new byte[0]);
    bytes[7] = (byte) 0x80; // 2^63 + 2 as unsigned
    Path f = dir.resolve("bad.safetensors");
    Files.write(f, bytes);
    var e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(f));
    assertMessage(e, "header length 9223372036854775810 is absurd");

    bytes = file("{}", new byte[0]);
    bytes[3] = 1; // 2^24 + 2, below the limit but beyond the file
    Files.write(f, bytes);
    e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(f));
    assertMessage(e, "goes beyond the end of the file");
  }

  @Test
  void shouldRejectAHeaderThatIsNotAJsonObject() throws IOException {
    assertMessage(readFails("[1, 2]", new byte[0]), "header is not a JSON object (found array)");
    assertMessage(readFails("{\"a\": ", new byte[0]), "header is not valid JSON");
    assertMessage(readFails("{} {}", new byte[0]), "header is not valid JSON");
    assertMessage(
        readFails(
            "{\"a\":{\"dtype\":\"U8\",\"shape\":[],\"data_offsets\":[0,1]},"
                + "\"a\":{\"dtype\":\"U8\",\"shape\":[],\"data_offsets\":[0,1]}}",
            new byte[1]),
        "header is not valid JSON",
        "Duplicate field 'a'");
    assertMessage(readFails("{\"a\": 3}", new byte[0]), "tensor 'a' is not a JSON object");
  }

  @Test
  void shouldRejectAnUnknownDtype() throws IOException {
    var e =
        readFails(
            "{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]);
    assertMessage(e, "tensor 'a' has unknown dtype 'F8_E4M3'", "supported: [F64, F32");
  }

  @Test
  void shouldRejectMalformedTensorEntries() throws IOException {
    assertMessage(
        readFails("{\"a\":{\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]),
        "tensor 'a' has no string 'dtype'");
    assertMessage(
        readFails("{\"a\":{\"dtype\":\"U8\",\"shape\":[-1],\"data_offsets\":[0,1]}}", new byte[1]),
        "tensor 'a' 'shape' is [-1], expected an array of non-negative integers");
    assertMessage(
        readFails("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0]}}", new byte[1]),
        "tensor 'a' 'data_offsets' is [0], expected an array of 2 non-negative integers");
    assertMessage(
        readFails("{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[1,0]}}", new byte[1]),
        "data_offsets [1, 0] with end < begin");
    assertMessage(
        readFails(
            "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1],\"x\":1}}", new byte[1]),
        "unexpected field 'x'");
  }

  @Test
  void shouldRejectASizeThatDoesNotMatchTheShape() throws IOException {
    var e =
        readFails(
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", new byte[20]);
    assertMessage(
        e, "tensor 'w': data_offsets [0, 20] hold 20 bytes but shape [2, 3] of F32 needs 24");
  }

  @Test
  void shouldRejectOffsetsOutOfTheDataSection() throws IOException {
    var e =
        readFails("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[4]);
    assertMessage(e, "tensor 'w': data_offsets [0, 8] go beyond the data section (4 bytes)");
  }

  @Test
  void shouldRejectOverlappingTensors() throws IOException {
    var e =
        readFails(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
            new byte[12]);
    assertMessage(e, "tensor 'b' at data_offsets [4, 12] overlaps tensor 'a' which ends at 8");
  }

  @Test
  void shouldRejectGapsAndUncoveredTrailingBytes() throws IOException {
    var gap =
        readFails(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}",
            new byte[12]);
    assertMessage(gap, "not contiguous: bytes [4, 8) before tensor 'b' belong to no tensor");

    var tail =
        readFails("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[6]);
    assertMessage(tail, "not fully covered: bytes [4, 6) at its end belong to no tensor");
  }

  @Test
  void shouldRejectMetadataThatIsNotStringToString() throws IOException {
    assertMessage(
        readFails("{\"__metadata__\":{\"epoch\":3}}", new byte[0]),
        "__metadata__ value of 'epoch' is not a string (found 3)");
    assertMessage(
        readFails("{\"__metadata__\":[\"a\"]}", new byte[0]),
        "__metadata__ is not a JSON object of strings");
  }

  @Test
  void shouldRejectInvalidBuilderInput() {
    var b = Safetensors.builder().put("a", Tensor.f32(new int[] {1}, new float[] {1f}));
    assertThrows(
        IllegalArgumentException.class, () -> b.put("a", Tensor.f32(new int[] {}, new float[1])));
    assertThrows(
        IllegalArgumentException.class,
        () -> b.put("__metadata__", Tensor.f32(new int[] {}, new float[1])));
    assertThrows(IllegalArgumentException.class, () -> Tensor.f32(new int[] {2, 2}, new float[3]));
  }

  @Test
  void shouldNameTheMissingTensor() throws IOException {
    Safetensors st = Safetensors.parse(file("{}", new byte[0]), "x.safetensors");
    var e = assertThrows(SafetensorsFormatException.class, () -> st.tensor("0.weight"));
    assertEquals("x.safetensors: no tensor named '0.weight'", e.getMessage());
  }
}
