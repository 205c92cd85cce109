package dev.reflex.trainer.onnx;

import com.google.protobuf.ByteString;
import dev.reflex.trainer.onnx.proto.OnnxProto.TensorProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.TensorProto.DataLocation;
import dev.reflex.trainer.onnx.proto.OnnxProto.TensorProto.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Constant tensors of an ONNX graph (initializers and {@code Constant} nodes) to and from Java
 * arrays. Float and double tensors are read, from {@code raw_data} (little-endian) or the typed
 * fields; the declared size is checked against a limit before anything is allocated.
 */
final class OnnxTensors {
  /** Largest tensor read, in elements (64 MB of float32): an MLP layer is far smaller. */
  static final long MAX_ELEMENTS = 1L << 24;

  private OnnxTensors() {}

  /** A constant's values and shape. */
  record Constant(String name, long[] dims, double[] values) {
    /** The number of elements. */
    int size() {
      return values.length;
    }

    /** The shape as text, e.g. {@code [64, 3]}. */
    String shape() {
      return Arrays.toString(dims);
    }
  }

  /**
   * The values of {@code t}.
   *
   * @param where e.g. {@code policy.onnx: initializer '0.weight'}, to start error messages
   * @throws OnnxFormatException naming {@code where}: external data, a data type other than float
   *     or double, a negative dimension, more than {@link #MAX_ELEMENTS} elements, or data whose
   *     length does not match the shape.
   */
  static Constant read(TensorProto t, String where) throws OnnxFormatException {
    if (t.getDataLocation() == DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
      throw new OnnxFormatException(
          where
              + " keeps its data in an external file; save the model with its weights inside"
              + " (onnx.save_model(model, path, save_as_external_data=False))");
    }
    long count = 1;
    long[] dims = new long[t.getDimsCount()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = t.getDims(i);
      if (dims[i] < 0) {
        throw new OnnxFormatException(where + " has a negative dimension " + dims[i]);
      }
      count = dims[i] == 0 ? 0 : count * dims[i];
      if (count > MAX_ELEMENTS) {
        break;
      }
    }
    if (count > MAX_ELEMENTS) {
      throw new OnnxFormatException(
          where
              + " declares shape "
              + Arrays.toString(t.getDimsList().toArray())
              + ", more than "
              + MAX_ELEMENTS
              + " elements (an MLP policy's layers are far smaller)");
    }
    int n = (int) count;
    int type = t.getDataType();
    double[] values = new double[n];
    ByteString raw = t.getRawData();
    if (type == DataType.FLOAT_VALUE) {
      if (t.hasRawData()) {
        checkLength(where, raw.size(), 4L * n, "bytes of raw_data");
        ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
          values[i] = b.getFloat(4 * i);
        }
      } else {
        checkLength(where, t.getFloatDataCount(), n, "float_data values");
        for (int i = 0; i < n; i++) {
          values[i] = t.getFloatData(i);
        }
      }
    } else if (type == DataType.DOUBLE_VALUE) {
      if (t.hasRawData()) {
        checkLength(where, raw.size(), 8L * n, "bytes of raw_data");
        ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
          values[i] = b.getDouble(8 * i);
        }
      } else {
        checkLength(where, t.getDoubleDataCount(), n, "double_data values");
        for (int i = 0; i < n; i++) {
          values[i] = t.getDoubleData(i);
        }
      }
    } else {
      DataType dt = DataType.forNumber(type);
      throw new OnnxFormatException(
          where
              + " has data type "
              + (dt == null ? Integer.toString(type) : dt.name())
              + " (Reflex reads FLOAT and DOUBLE weights)");
    }
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(values[i])) {
        throw new OnnxFormatException(where + " holds a non-finite value " + values[i]);
      }
    }
    return new Constant(t.getName(), dims, values);
  }

  private static void checkLength(String where, long actual, long expected, String what)
      throws OnnxFormatException {
    if (actual != expected) {
      throw new OnnxFormatException(
          where + " has " + actual + " " + what + ", its shape needs " + expected);
    }
  }

  /** A float tensor named {@code name} of shape {@code dims} (values rounded to float). */
  static TensorProto floats(String name, long[] dims, double[] values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      b.putFloat((float) v);
    }
    b.flip();
    TensorProto.Builder t =
        TensorProto.newBuilder().setName(name).setDataType(DataType.FLOAT_VALUE);
    for (long d : dims) {
      t.addDims(d);
    }
    return t.setRawData(ByteString.copyFrom(b)).build();
  }

  /** As {@link #floats(String, long[], double[])} from floats. */
  static TensorProto floats(String name, long[] dims, float[] values) {
    double[] d = new double[values.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = values[i];
    }
    return floats(name, dims, d);
  }
}
