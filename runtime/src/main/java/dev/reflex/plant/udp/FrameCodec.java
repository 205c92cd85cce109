package dev.reflex.plant.udp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Encodes and decodes the versioned binary UDP frame of docs/udp-frames.md (little-endian):
 *
 * <pre>
 * offset size field
 *  0     4    magic 'R' 'F' 'L' 'X'
 *  4     1    version (2)
 *  5     1    frame type (1 sensors, 2 actuators)
 *  6     2    flags (bit 0 episode start, bit 1 terminated; others 0)
 *  8     8    sequence number (u64, from 0 in each session)
 * 16     8    timestamp, ns (i64, sender's clock)
 * 24     4    count n (u32, at most {@link #MAX_VALUES})
 * 28     4    sender session id (u32, non-zero, drawn at random once per sender endpoint)
 * 32     8n   n float64 values
 * 32+8n  4    CRC-32C (Castagnoli) of bytes [0, 32+8n)
 * 36+8n  16   authenticated mode only (flag bit 15): {@link FrameAuth} tag of bytes [0, 36+8n)
 * </pre>
 *
 * <p>Version 2 added the session id: a receiver tells a restarted sender (a new session) from a
 * late frame (an older sequence of the same session) without a window on sequence numbers. Version
 * 1 frames (no session id, values at 28) are {@link #WRONG_VERSION}.
 *
 * <p>Real-time: {@link #encode} and {@link #decode} are allocation-free and never throw; they
 * return status codes. Threading: one thread per instance (it owns a {@link CRC32C}).
 */
public final class FrameCodec {
  /** The magic bytes 'RFLX' read as a little-endian int. */
  public static final int MAGIC = 'R' | 'F' << 8 | 'L' << 16 | 'X' << 24;

  /** The format version this codec writes and accepts. */
  public static final int VERSION = 2;

  /** Frame type: plant observation, emulator/board to runtime. */
  public static final int TYPE_SENSORS = 1;

  /** Frame type: actuator command, runtime to plant. */
  public static final int TYPE_ACTUATORS = 2;

  /** Flag: the first frame of a new episode (the plant was reset). */
  public static final int FLAG_EPISODE_START = 1;

  /** Flag: the plant is in a terminal state. */
  public static final int FLAG_TERMINATED = 2;

  /**
   * Flag: a {@link FrameAuth} tag follows the CRC (set by a codec with a key, never by callers).
   */
  public static final int FLAG_AUTHENTICATED = 0x8000;

  /** Bytes before the values. */
  public static final int HEADER_BYTES = 32;

  /** Bytes of the trailing checksum. */
  public static final int CRC_BYTES = 4;

  /** Largest number of values in one frame. */
  public static final int MAX_VALUES = 1024;

  /** Largest frame (authenticated), in bytes. */
  public static final int MAX_FRAME_BYTES = frameBytes(MAX_VALUES) + FrameAuth.TAG_BYTES;

  /** Status: the frame is valid. */
  public static final int OK = 0;

  /** Status: the first four bytes are not 'RFLX'. */
  public static final int BAD_MAGIC = 1;

  /** Status: a version this codec does not read. */
  public static final int WRONG_VERSION = 2;

  /** Status: the length does not match the count, or a buffer is too small. */
  public static final int BAD_LENGTH = 3;

  /** Status: the checksum does not match. */
  public static final int BAD_CRC = 4;

  /** Status: an unknown frame type. */
  public static final int BAD_TYPE = 5;

  /** Status: session id 0, which no sender may use (it means "no session" to a receiver). */
  public static final int BAD_SESSION = 6;

  /**
   * Status: the authentication does not match this codec's mode: no tag or a wrong one where a key
   * is configured, or a tag where none is (the receiver cannot check it, so it is refused).
   */
  public static final int BAD_AUTH = 7;

  private static final int SESSION_AT = 28;

  /** Magic and version: the prefix every version shares. */
  private static final int VERSION_END = 5;

  private final CRC32C crc = new CRC32C();
  private final FrameAuth auth;

  /** An unauthenticated codec: frames carry no tag, and tagged frames are {@link #BAD_AUTH}. */
  public FrameCodec() {
    this(null);
  }

  /**
   * @param auth the key's tagger, owned by this codec from now on; null for the unauthenticated
   *     mode
   */
  public FrameCodec(FrameAuth auth) {
    this.auth = auth;
  }

  /** True when this codec signs and requires tags. */
  public boolean authenticated() {
    return auth != null;
  }

  /** Size of an unauthenticated frame carrying {@code count} values, in bytes. */
  public static int frameBytes(int count) {
    return HEADER_BYTES + 8 * count + CRC_BYTES;
  }

  /** Size of a frame carrying {@code count} values in this codec's mode, in bytes. */
  public int frameBytesInMode(int count) {
    return frameBytes(count) + (auth != null ? FrameAuth.TAG_BYTES : 0);
  }

  /** A name for a status code (logs, summaries). */
  public static String statusName(int status) {
    return switch (status) {
      case OK -> "ok";
      case BAD_MAGIC -> "bad_magic";
      case WRONG_VERSION -> "wrong_version";
      case BAD_LENGTH -> "bad_length";
      case BAD_CRC -> "bad_crc";
      case BAD_TYPE -> "bad_type";
      case BAD_SESSION -> "bad_session";
      case BAD_AUTH -> "bad_auth";
      default -> "unknown(" + status + ")";
    };
  }

  /**
   * Writes one frame of the current {@link #VERSION} at the start of {@code out}, leaving {@code
   * out} flipped (position 0, limit the frame's length) and in little-endian order.
   *
   * @param sessionId the sender's session id ({@link SessionIds#draw()}); 0 is written as given,
   *     and such a frame decodes as {@link #BAD_SESSION}
   * @param values first {@code count} entries are sent. Not modified.
   * @param out at least {@link #frameBytes}({@code count}) bytes of capacity. Modified.
   * @return {@link #OK}, or {@link #BAD_LENGTH} when {@code count} or {@code out} is out of range
   */
  public int encode(
      int type,
      int flags,
      int sessionId,
      long sequence,
      long timestampNs,
      double[] values,
      int count,
      ByteBuffer out) {
    return encode(VERSION, type, flags, sessionId, sequence, timestampNs, values, count, out);
  }

  /**
   * As {@link #encode(int, int, int, long, long, double[], int, ByteBuffer)} with an explicit
   * version byte (the emulator's wrong-version fault; the layout is still this version's).
   */
  public int encode(
      int version,
      int type,
      int flags,
      int sessionId,
      long sequence,
      long timestampNs,
      double[] values,
      int count,
      ByteBuffer out) {
    if (count < 0 || count > MAX_VALUES || count > values.length) {
      return BAD_LENGTH;
    }
    int length = frameBytesInMode(count);
    if (out.capacity() < length) {
      return BAD_LENGTH;
    }
    if (auth != null) {
      flags |= FLAG_AUTHENTICATED;
    }
    out.order(ByteOrder.LITTLE_ENDIAN);
    out.clear();
    out.putInt(0, MAGIC);
    out.put(4, (byte) version);
    out.put(5, (byte) type);
    out.putShort(6, (short) flags);
    out.putLong(8, sequence);
    out.putLong(16, timestampNs);
    out.putInt(24, count);
    out.putInt(SESSION_AT, sessionId);
    for (int i = 0; i < count; i++) {
      out.putDouble(HEADER_BYTES + 8 * i, values[i]);
    }
    int crcAt = HEADER_BYTES + 8 * count;
    out.putInt(crcAt, checksum(out, 0, crcAt));
    if (auth != null) {
      auth.sign(out, 0, crcAt + CRC_BYTES);
    }
    out.position(0).limit(length);
    return OK;
  }

  /**
   * Decodes the frame between {@code in}'s position and limit. The buffer's position, limit and
   * contents are unchanged (its byte order is set to little-endian).
   *
   * @param in one received datagram. Not modified.
   * @param headerOut header fields; valid when the result is {@link #OK}. Modified.
   * @param valuesOut receives the values; must hold {@code count}. Modified only on {@link #OK}.
   * @return {@link #OK}, {@link #BAD_LENGTH}, {@link #BAD_MAGIC}, {@link #WRONG_VERSION}, {@link
   *     #BAD_CRC}, {@link #BAD_TYPE} or {@link #BAD_SESSION}: first magic and version (bytes 0-4,
   *     the same in every version, so a frame of any version with at least 5 bytes is told apart),
   *     then the length of the fixed part, the length against the count, the CRC, the type, the
   *     session id, and room in {@code valuesOut}
   */
  public int decode(ByteBuffer in, FrameHeader headerOut, double[] valuesOut) {
    in.order(ByteOrder.LITTLE_ENDIAN);
    int start = in.position();
    int length = in.remaining();
    if (length < VERSION_END) {
      return BAD_LENGTH;
    }
    if (in.getInt(start) != MAGIC) {
      return BAD_MAGIC;
    }
    int version = in.get(start + 4) & 0xff;
    if (version != VERSION) {
      return WRONG_VERSION;
    }
    if (length < HEADER_BYTES + CRC_BYTES) {
      return BAD_LENGTH;
    }
    long count = in.getInt(start + 24) & 0xffffffffL;
    int flags = in.getShort(start + 6) & 0xffff;
    boolean tagged = (flags & FLAG_AUTHENTICATED) != 0;
    if (count > MAX_VALUES
        || length != frameBytes((int) count) + (tagged ? FrameAuth.TAG_BYTES : 0)) {
      return BAD_LENGTH;
    }
    int n = (int) count;
    int crcAt = start + HEADER_BYTES + 8 * n;
    if (in.getInt(crcAt) != checksum(in, start, crcAt)) {
      return BAD_CRC;
    }
    if (tagged != (auth != null) || (auth != null && !auth.verify(in, start, crcAt + CRC_BYTES))) {
      return BAD_AUTH;
    }
    int type = in.get(start + 5) & 0xff;
    if (type != TYPE_SENSORS && type != TYPE_ACTUATORS) {
      return BAD_TYPE;
    }
    int sessionId = in.getInt(start + SESSION_AT);
    if (sessionId == 0) {
      return BAD_SESSION;
    }
    if (valuesOut.length < n) {
      return BAD_LENGTH;
    }
    headerOut.version = version;
    headerOut.type = type;
    headerOut.flags = flags & ~FLAG_AUTHENTICATED;
    headerOut.sessionId = sessionId;
    headerOut.sequence = in.getLong(start + 8);
    headerOut.timestampNs = in.getLong(start + 16);
    headerOut.count = n;
    for (int i = 0; i < n; i++) {
      valuesOut[i] = in.getDouble(start + HEADER_BYTES + 8 * i);
    }
    return OK;
  }

  private int checksum(ByteBuffer buf, int from, int to) {
    int savedPosition = buf.position();
    int savedLimit = buf.limit();
    buf.limit(to).position(from);
    crc.reset();
    crc.update(buf);
    buf.limit(savedLimit).position(savedPosition);
    return (int) crc.getValue();
  }
}
