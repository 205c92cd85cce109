package dev.reflex.format;

/**
 * Element types of a safetensors tensor that Reflex reads (names as in the safetensors header).
 * Floating types convert to {@code float}/{@code double}; integer types to {@code long} as well.
 */
public enum DType {
  /** IEEE 754 binary64. */
  F64(8, true),
  /** IEEE 754 binary32. */
  F32(4, true),
  /** IEEE 754 binary16, read only. */
  F16(2, true),
  /** bfloat16 (the upper half of a binary32), read only. */
  BF16(2, true),
  /** Signed 64-bit integer. */
  I64(8, false),
  /** Signed 32-bit integer. */
  I32(4, false),
  /** Signed 16-bit integer. */
  I16(2, false),
  /** Signed 8-bit integer. */
  I8(1, false),
  /** Unsigned 8-bit integer. */
  U8(1, false),
  /** Boolean stored as one byte, 0 or 1. */
  BOOL(1, false);

  private final int byteSize;
  private final boolean floatingPoint;

  DType(int byteSize, boolean floatingPoint) {
    this.byteSize = byteSize;
    this.floatingPoint = floatingPoint;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** Whether the type is a floating-point type. */
  public boolean isFloatingPoint() {
    return floatingPoint;
  }

  /** The type named {@code name} exactly as in a header, or {@code null} if Reflex lacks it. */
  public static DType fromHeaderName(String name) {
    for (DType t : values()) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }
}
