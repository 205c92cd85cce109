package dev.reflex.plant.udp;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The authenticated mode of the UDP link (docs/udp-frames.md, "Authenticated frames"): a tag of
 * {@link #TAG_BYTES} bytes, the first bytes of HMAC-SHA256 (RFC 2104) under a shared key, over
 * every byte of the frame before it (header with the session id, values and CRC). A receiver with a
 * key accepts only frames whose tag matches, so a sender without the key can neither forge values
 * nor claim a new session.
 *
 * <p>HMAC is computed over two reused {@link MessageDigest} instances rather than {@code
 * javax.crypto.Mac}, whose {@code doFinal} returns a new array per call: the key pads are hashed
 * from preallocated arrays and digests are written into a preallocated array.
 *
 * <p>Real-time: {@link #sign} and {@link #verify} are allocation-free and never throw. Threading:
 * one thread per instance ({@link #copy} gives another thread its own).
 */
public final class FrameAuth {
  /** Bytes of the tag appended to an authenticated frame (128 bits of HMAC-SHA256). */
  public static final int TAG_BYTES = 16;

  /** The shortest key accepted, in bytes. */
  public static final int MIN_KEY_BYTES = 16;

  private static final int BLOCK = 64;
  private static final int DIGEST = 32;

  private final byte[] key;
  private final byte[] innerPad = new byte[BLOCK];
  private final byte[] outerPad = new byte[BLOCK];
  private final byte[] inner = new byte[DIGEST];
  private final byte[] outer = new byte[DIGEST];
  private final byte[] frame = new byte[FrameCodec.MAX_FRAME_BYTES];
  private final MessageDigest sha;

  /**
   * @param key the shared key, at least {@link #MIN_KEY_BYTES} bytes. Copied.
   */
  public FrameAuth(byte[] key) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "UDP auth key has " + key.length + " bytes; at least " + MIN_KEY_BYTES + " needed");
    }
    this.key = key.clone();
    try {
      this.sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
    byte[] k = key.length > BLOCK ? sha.digest(key) : key;
    for (int i = 0; i < BLOCK; i++) {
      byte b = i < k.length ? k[i] : 0;
      innerPad[i] = (byte) (b ^ 0x36);
      outerPad[i] = (byte) (b ^ 0x5c);
    }
  }

  /**
   * Parses a key written as hexadecimal digits (32 or more: 16 bytes or more).
   *
   * @param where names the file and key in the error, e.g. {@code "pendulum-hil.yaml:
   *     plant.udp.auth_key"}
   */
  public static FrameAuth fromHex(String hex, String where) {
    byte[] key;
    try {
      key = HexFormat.of().parseHex(hex.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          where + ": not hexadecimal digits (write 32 or more, e.g. from `openssl rand -hex 32`)");
    }
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          where
              + ": "
              + key.length
              + " bytes; at least "
              + MIN_KEY_BYTES
              + " (32 hex digits) needed (e.g. `openssl rand -hex 32`)");
    }
    return new FrameAuth(key);
  }

  /** Another instance with the same key, for another thread. */
  public FrameAuth copy() {
    return new FrameAuth(key);
  }

  /**
   * Writes the tag over bytes [{@code from}, {@code to}) of {@code buf} at {@code to}.
   *
   * @param buf room for {@link #TAG_BYTES} bytes at {@code to}. Modified there only.
   */
  public void sign(ByteBuffer buf, int from, int to) {
    compute(buf, from, to);
    for (int i = 0; i < TAG_BYTES; i++) {
      buf.put(to + i, outer[i]);
    }
  }

  /**
   * True when the {@link #TAG_BYTES} bytes at {@code to} are the tag of [{@code from}, {@code to}).
   */
  public boolean verify(ByteBuffer buf, int from, int to) {
    compute(buf, from, to);
    int diff = 0;
    for (int i = 0; i < TAG_BYTES; i++) {
      diff |= buf.get(to + i) ^ outer[i]; // constant time: no early exit on the first mismatch
    }
    return diff == 0;
  }

  private void compute(ByteBuffer buf, int from, int to) {
    int n = to - from;
    buf.get(from, frame, 0, n);
    try {
      sha.reset();
      sha.update(innerPad);
      sha.update(frame, 0, n);
      sha.digest(inner, 0, DIGEST);
      sha.update(outerPad);
      sha.update(inner);
      sha.digest(outer, 0, DIGEST);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException("SHA-256 digest into a 32-byte array failed", e);
    }
  }
}
