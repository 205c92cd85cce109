package dev.reflex.plant.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reflex.testing.Allocations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
  private final FrameCodec codec = new FrameCodec();
  private final FrameHeader header = new FrameHeader();
  private final double[] values = {1.5, -2.25, Math.PI};
  private final double[] decoded = new double[8];

  private ByteBuffer encoded() {
    ByteBuffer buf = ByteBuffer.allocate(FrameCodec.frameBytes(3));
    assertEquals(
        FrameCodec.OK,
        codec.encode(
            FrameCodec.TYPE_SENSORS,
            FrameCodec.FLAG_EPISODE_START,
            42L,
            123_456_789L,
            values,
            3,
            buf));
    return buf;
  }

  @Test
  void shouldRoundTripHeaderAndValues() {
    ByteBuffer buf = encoded();
    assertEquals(FrameCodec.frameBytes(3), buf.remaining());
    assertEquals(FrameCodec.OK, codec.decode(buf, header, decoded));
    assertEquals(1, header.version);
    assertEquals(FrameCodec.TYPE_SENSORS, header.type);
    assertEquals(FrameCodec.FLAG_EPISODE_START, header.flags);
    assertEquals(42L, header.sequence);
    assertEquals(123_456_789L, header.timestampNs);
    assertEquals(3, header.count);
    assertArrayEquals(values, java.util.Arrays.copyOf(decoded, 3));
    assertEquals(0, buf.position(), "decode leaves the buffer as it was");
  }

  @Test
  void shouldWriteTheDocumentedLittleEndianLayout() {
    ByteBuffer buf = encoded();
    byte[] bytes = new byte[buf.remaining()];
    buf.get(0, bytes);
    assertArrayEquals(
        new byte[] {'R', 'F', 'L', 'X', 1, 1, 1, 0, 42, 0}, java.util.Arrays.copyOf(bytes, 10));
    ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(123_456_789L, le.getLong(16));
    assertEquals(3, le.getInt(24));
    assertEquals(-2.25, le.getDouble(36), 0.0);
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, 28 + 24);
    assertEquals((int) crc.getValue(), le.getInt(52));
  }

  @Test
  void shouldDetectEachCorruption() {
    ByteBuffer magic = encoded();
    magic.put(0, (byte) 'Q');
    assertEquals(FrameCodec.BAD_MAGIC, codec.decode(magic, header, decoded));

    ByteBuffer version = ByteBuffer.allocate(FrameCodec.frameBytes(3));
    codec.encode(2, FrameCodec.TYPE_SENSORS, 0, 1L, 2L, values, 3, version);
    assertEquals(FrameCodec.WRONG_VERSION, codec.decode(version, header, decoded));

    ByteBuffer shortFrame = encoded();
    shortFrame.limit(shortFrame.limit() - 1);
    assertEquals(FrameCodec.BAD_LENGTH, codec.decode(shortFrame, header, decoded));
    ByteBuffer tiny = ByteBuffer.allocate(10);
    assertEquals(FrameCodec.BAD_LENGTH, codec.decode(tiny, header, decoded));
    ByteBuffer count = encoded();
    count.putInt(24, 2);
    assertEquals(FrameCodec.BAD_LENGTH, codec.decode(count, header, decoded));

    for (int at = 5; at < FrameCodec.frameBytes(3); at++) {
      if (at == 24 || at == 25 || at == 26 || at == 27) {
        continue; // the count is checked against the length first
      }
      ByteBuffer flipped = encoded();
      flipped.put(at, (byte) (flipped.get(at) ^ 0x10));
      assertEquals(FrameCodec.BAD_CRC, codec.decode(flipped, header, decoded), "byte " + at);
    }

    ByteBuffer type = ByteBuffer.allocate(FrameCodec.frameBytes(3));
    codec.encode(9, 0, 1L, 2L, values, 3, type);
    assertEquals(FrameCodec.BAD_TYPE, codec.decode(type, header, decoded));

    double[] small = new double[2];
    assertEquals(FrameCodec.BAD_LENGTH, codec.decode(encoded(), header, small));
  }

  @Test
  void shouldRefuseToEncodeIntoASmallBuffer() {
    ByteBuffer small = ByteBuffer.allocate(FrameCodec.frameBytes(3) - 1);
    assertEquals(
        FrameCodec.BAD_LENGTH, codec.encode(FrameCodec.TYPE_ACTUATORS, 0, 0, 0, values, 3, small));
    assertEquals(
        FrameCodec.BAD_LENGTH,
        codec.encode(FrameCodec.TYPE_ACTUATORS, 0, 0, 0, values, 4, ByteBuffer.allocate(100)));
  }

  @Test
  void shouldEncodeAndDecodeWithoutAllocating() {
    ByteBuffer direct = ByteBuffer.allocateDirect(FrameCodec.frameBytes(3));
    ByteBuffer heap = ByteBuffer.allocate(FrameCodec.frameBytes(3));
    long bytes =
        Allocations.measure(
            () -> {
              for (int k = 0; k < 10_000; k++) {
                codec.encode(FrameCodec.TYPE_SENSORS, 0, k, k, values, 3, direct);
                codec.decode(direct, header, decoded);
                codec.encode(FrameCodec.TYPE_SENSORS, 0, k, k, values, 3, heap);
                codec.decode(heap, header, decoded);
              }
            });
    assertEquals(0, bytes);
  }
}
