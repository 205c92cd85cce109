package dev.reflex.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One immutable tensor of a safetensors file: element type, shape and little-endian data.
 *
 * <p>Reading converts to the Java array the caller wants ({@link #toFloats}, {@link #toDoubles},
 * {@link #toLongs}); the element order is row-major (C order), as in the file.
 */
public final class Tensor {
  private static final VarHandle F64 =
      MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle F32 =
      MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle I64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle I32 =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle I16 =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  private final DType dtype;
  private final int[] shape;
  private final byte[] data;

  private Tensor(DType dtype, int[] shape, byte[] data) {
    this.dtype = dtype;
    this.shape = shape;
    this.data = data;
  }

  /**
   * Wraps raw little-endian bytes; the caller has checked that the size matches the shape.
   *
   * @param data not copied, must not be modified afterwards.
   */
  static Tensor ofRaw(DType dtype, int[] shape, byte[] data) {
    return new Tensor(dtype, shape.clone(), data);
  }

  /** An F32 tensor; {@code values.length} must equal the product of {@code shape}. */
  public static Tensor f32(int[] shape, float[] values) {
    byte[] data = new byte[checkCount(shape, values.length) * 4];
    for (int i = 0; i < values.length; i++) {
      F32.set(data, i * 4, values[i]);
    }
    return new Tensor(DType.F32, shape.clone(), data);
  }

  /** An F64 tensor; {@code values.length} must equal the product of {@code shape}. */
  public static Tensor f64(int[] shape, double[] values) {
    byte[] data = new byte[checkCount(shape, values.length) * 8];
    for (int i = 0; i < values.length; i++) {
      F64.set(data, i * 8, values[i]);
    }
    return new Tensor(DType.F64, shape.clone(), data);
  }

  /** An I64 tensor; {@code values.length} must equal the product of {@code shape}. */
  public static Tensor i64(int[] shape, long[] values) {
    byte[] data = new byte[checkCount(shape, values.length) * 8];
    for (int i = 0; i < values.length; i++) {
      I64.set(data, i * 8, values[i]);
    }
    return new Tensor(DType.I64, shape.clone(), data);
  }

  /** An I32 tensor; {@code values.length} must equal the product of {@code shape}. */
  public static Tensor i32(int[] shape, int[] values) {
    byte[] data = new byte[checkCount(shape, values.length) * 4];
    for (int i = 0; i < values.length; i++) {
      I32.set(data, i * 4, values[i]);
    }
    return new Tensor(DType.I32, shape.clone(), data);
  }

  /** A U8 tensor (bytes read as 0..255); {@code values.length} must equal the shape's product. */
  public static Tensor u8(int[] shape, byte[] values) {
    checkCount(shape, values.length);
    return new Tensor(DType.U8, shape.clone(), values.clone());
  }

  private static int checkCount(int[] shape, int length) {
    long count = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      count *= d;
    }
    if (count != length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + count + " values, got " + length);
    }
    return length;
  }

  /** The element type. */
  public DType dtype() {
    return dtype;
  }

  /** The shape (a copy); empty for a scalar. */
  public int[] shape() {
    return shape.clone();
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** Size of dimension {@code i}. */
  public int dim(int i) {
    return shape[i];
  }

  /** Number of elements (1 for a scalar). */
  public int elementCount() {
    return data.length / dtype.byteSize();
  }

  /** Size of the data in bytes. */
  public int byteSize() {
    return data.length;
  }

  /** The raw little-endian bytes, for writing; not copied, never modify. */
  byte[] rawData() {
    return data;
  }

  /**
   * The values as {@code float}, for floating-point types (F64 rounds to nearest).
   *
   * @throws IllegalStateException for integer types.
   */
  public float[] toFloats() {
    requireFloatingPoint();
    float[] out = new float[elementCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) floatingAt(i);
    }
    return out;
  }

  /** The values as {@code double}, for every type (I64 beyond 2^53 rounds). */
  public double[] toDoubles() {
    double[] out = new double[elementCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = dtype.isFloatingPoint() ? floatingAt(i) : integerAt(i);
    }
    return out;
  }

  /**
   * The values as {@code long}, for integer and boolean types.
   *
   * @throws IllegalStateException for floating-point types.
   */
  public long[] toLongs() {
    if (dtype.isFloatingPoint()) {
      throw new IllegalStateException("tensor of " + dtype + " is not an integer tensor");
    }
    long[] out = new long[elementCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = integerAt(i);
    }
    return out;
  }

  private void requireFloatingPoint() {
    if (!dtype.isFloatingPoint()) {
      throw new IllegalStateException("tensor of " + dtype + " is not a floating-point tensor");
    }
  }

  private double floatingAt(int i) {
    return switch (dtype) {
      case F64 -> (double) F64.get(data, i * 8);
      case F32 -> (float) F32.get(data, i * 4);
      case F16 -> Float.float16ToFloat((short) I16.get(data, i * 2));
      case BF16 -> Float.intBitsToFloat(((short) I16.get(data, i * 2) & 0xffff) << 16);
      default -> throw new IllegalStateException(dtype.name());
    };
  }

  private long integerAt(int i) {
    return switch (dtype) {
      case I64 -> (long) I64.get(data, i * 8);
      case I32 -> (int) I32.get(data, i * 4);
      case I16 -> (short) I16.get(data, i * 2);
      case I8 -> data[i];
      case U8, BOOL -> data[i] & 0xff;
      default -> throw new IllegalStateException(dtype.name());
    };
  }

  /** Equal dtype, shape and bytes. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t
        && dtype == t.dtype
        && Arrays.equals(shape, t.shape)
        && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return (dtype.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return dtype + Arrays.toString(shape);
  }
}
