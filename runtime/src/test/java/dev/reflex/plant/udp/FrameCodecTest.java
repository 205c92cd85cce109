package dev.reflex.plant.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  private static final int SESSION = 0xCAFE_F00D;

  private ByteBuffer encoded() {
    ByteBuffer buf = ByteBuffer.allocate(FrameCodec.frameBytes(3));
    assertEquals(
        FrameCodec.OK,
        codec.encode(
            FrameCodec.TYPE_SENSORS,
            FrameCodec.FLAG_EPISODE_START,
            SESSION,
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
    assertEquals(2, header.version);
    assertEquals(SESSION, header.sessionId);
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
    assertEquals(36 + 8 * 3, bytes.length);
    assertArrayEquals(
        new byte[] {'R', 'F', 'L', 'X', 2, 1, 1, 0, 42, 0}, java.util.Arrays.copyOf(bytes, 10));
    ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(42L, le.getLong(8));
    assertEquals(123_456_789L, le.getLong(16));
    assertEquals(3, le.getInt(24));
    assertArrayEquals(
        new byte[] {0x0D, (byte) 0xF0, (byte) 0xFE, (byte) 0xCA},
        java.util.Arrays.copyOfRange(bytes, 28, 32),
        "session id, little-endian u32");
    assertEquals(1.5, le.getDouble(32), 0.0);
    assertEquals(-2.25, le.getDouble(40), 0.0);
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, 32 + 24);
    assertEquals((int) crc.getValue(), le.getInt(56));
  }

  /** A version 1 frame (no session id, values at 28), built byte by byte with a valid CRC. */
  static ByteBuffer versionOneFrame(int type, long sequence, double[] values) {
    int n = values.length;
    ByteBuffer b = ByteBuffer.allocate(32 + 8 * n).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'R').put((byte) 'F').put((byte) 'L').put((byte) 'X');
    b.put((byte) 1).put((byte) type).putShort((short) 0);
    b.putLong(sequence).putLong(sequence * 10).putInt(n);
    for (double v : values) {
      b.putDouble(v);
    }
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, 28 + 8 * n);
    b.putInt((int) crc.getValue());
    return b.flip();
  }

  @Test
  void shouldReportVersionOneFramesAsWrongVersion() {
    assertEquals(
        FrameCodec.WRONG_VERSION,
        codec.decode(versionOneFrame(FrameCodec.TYPE_SENSORS, 7, values), header, decoded));
    assertEquals(
        FrameCodec.WRONG_VERSION,
        codec.decode(versionOneFrame(FrameCodec.TYPE_ACTUATORS, 7, new double[0]), header, decoded),
        "a 32-byte version 1 frame is shorter than any version 2 frame, still its version shows");
  }

  @Test
  void shouldRejectSessionIdZero() {
    ByteBuffer buf = ByteBuffer.allocate(FrameCodec.frameBytes(3));
    assertEquals(
        FrameCodec.OK, codec.encode(FrameCodec.TYPE_SENSORS, 0, 0, 1L, 2L, values, 3, buf));
    assertEquals(FrameCodec.BAD_SESSION, codec.decode(buf, header, decoded));
    assertEquals("bad_session", FrameCodec.statusName(FrameCodec.BAD_SESSION));
  }

  @Test
  void shouldDrawNonZeroSessionIdsThatDifferFromOneEndpointToTheNext() {
    java.util.Set<Integer> ids = new java.util.HashSet<>();
    for (int i = 0; i < 100; i++) {
      int id = SessionIds.draw();
      assertTrue(id != 0);
      ids.add(id);
    }
    assertEquals(100, ids.size(), "100 random u32 draws collide with probability ~1e-6");
  }

  @Test
  void shouldDetectEachCorruption() {
    ByteBuffer magic = encoded();
    magic.put(0, (byte) 'Q');
    assertEquals(FrameCodec.BAD_MAGIC, codec.decode(magic, header, decoded));

    ByteBuffer version = ByteBuffer.allocate(FrameCodec.frameBytes(3));
    codec.encode(3, FrameCodec.TYPE_SENSORS, 0, SESSION, 1L, 2L, values, 3, version);
    assertEquals(FrameCodec.WRONG_VERSION, codec.decode(version, header, decoded));

    ByteBuffer shortFrame = encoded();
    shortFrame.limit(shortFrame.limit() - 1);
    assertEquals(FrameCodec.BAD_LENGTH, codec.decode(shortFrame, header, decoded));
    ByteBuffer tiny = ByteBuffer.allocate(10);
    tiny.put(0, encoded(), 0, 10);
    assertEquals(FrameCodec.BAD_LENGTH, codec.decode(tiny, header, decoded));
    assertEquals(
        FrameCodec.BAD_LENGTH, codec.decode(ByteBuffer.allocate(4), header, decoded), "no version");
    ByteBuffer count = encoded();
    count.putInt(24, 2);
    assertEquals(FrameCodec.BAD_LENGTH, codec.decode(count, header, decoded));

    for (int at = 5; at < FrameCodec.frameBytes(3); at++) {
      if (at >= 24 && at < 28) {
        continue; // the count is checked against the length first
      }
      ByteBuffer flipped = encoded();
      flipped.put(at, (byte) (flipped.get(at) ^ 0x10));
      assertEquals(FrameCodec.BAD_CRC, codec.decode(flipped, header, decoded), "byte " + at);
    }

    ByteBuffer type = ByteBuffer.allocate(FrameCodec.frameBytes(3));
    codec.encode(9, 0, SESSION, 1L, 2L, values, 3, type);
    assertEquals(FrameCodec.BAD_TYPE, codec.decode(type, header, decoded));

    double[] small = new double[2];
    assertEquals(FrameCodec.BAD_LENGTH, codec.decode(encoded(), header, small));
  }

  @Test
  void shouldRefuseToEncodeIntoASmallBuffer() {
    ByteBuffer small = ByteBuffer.allocate(FrameCodec.frameBytes(3) - 1);
    assertEquals(
        FrameCodec.BAD_LENGTH,
        codec.encode(FrameCodec.TYPE_ACTUATORS, 0, SESSION, 0, 0, values, 3, small));
    assertEquals(
        FrameCodec.BAD_LENGTH,
        codec.encode(
            FrameCodec.TYPE_ACTUATORS, 0, SESSION, 0, 0, values, 4, ByteBuffer.allocate(100)));
  }

  @Test
  void shouldEncodeAndDecodeWithoutAllocating() {
    ByteBuffer direct = ByteBuffer.allocateDirect(FrameCodec.frameBytes(3));
    ByteBuffer heap = ByteBuffer.allocate(FrameCodec.frameBytes(3));
    long bytes =
        Allocations.measure(
            () -> {
              for (int k = 0; k < 10_000; k++) {
                codec.encode(FrameCodec.TYPE_SENSORS, 0, SESSION, k, k, values, 3, direct);
                codec.decode(direct, header, decoded);
                codec.encode(FrameCodec.TYPE_SENSORS, 0, SESSION, k, k, values, 3, heap);
                codec.decode(heap, header, decoded);
              }
            });
    assertEquals(0, bytes);
  }
}
