package dev.reflex.plant.udp;

/**
 * The header fields of one decoded frame; filled by {@link FrameCodec#decode}. Mutable and reused,
 * so that decoding allocates nothing.
 */
public final class FrameHeader {
  /** Format version found in the frame. */
  public int version;

  /** {@link FrameCodec#TYPE_SENSORS} or {@link FrameCodec#TYPE_ACTUATORS}. */
  public int type;

  /** Flag bits ({@link FrameCodec#FLAG_EPISODE_START}, {@link FrameCodec#FLAG_TERMINATED}). */
  public int flags;

  /** Sender's session id (u32 on the wire, never 0): a new one means the sender restarted. */
  public int sessionId;

  /**
   * Sender's sequence number, +1 per frame generated, from 0 in each session (unsigned 64-bit on
   * the wire).
   */
  public long sequence;

  /** Sender's clock when the frame was generated, in nanoseconds. */
  public long timestampNs;

  /** Number of float64 values. */
  public int count;
}
