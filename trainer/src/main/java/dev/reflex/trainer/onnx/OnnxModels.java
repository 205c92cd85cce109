package dev.reflex.trainer.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.reflex.format.AtomicFiles;
import dev.reflex.trainer.onnx.proto.OnnxProto.ModelProto;
import dev.reflex.trainer.onnx.proto.OnnxProto.OperatorSetIdProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reading and writing ONNX model files ({@code ModelProto}, protobuf) with the limits an MLP policy
 * needs: the file size, the IR version and the default-domain opset are checked before anything
 * else looks at the graph.
 */
public final class OnnxModels {
  /** Largest file read: an MLP policy is kilobytes to a few megabytes. */
  public static final long MAX_FILE_BYTES = 256L << 20;

  /** Lowest default-domain opset read (Gemm with optional C, Clip bounds as attributes). */
  public static final int MIN_OPSET = 7;

  /** Highest default-domain opset read (ONNX 1.17). */
  public static final int MAX_OPSET = 22;

  /** Highest IR version read. */
  public static final long MAX_IR_VERSION = 10;

  /** The opset {@link OnnxExporter} writes. */
  public static final int EXPORT_OPSET = 13;

  /** The IR version {@link OnnxExporter} writes (ONNX 1.10, read by ONNX Runtime 1.10 on). */
  public static final long EXPORT_IR_VERSION = 8;

  private OnnxModels() {}

  /**
   * Reads and checks a model file.
   *
   * @return the model, whose default-domain opset is in [{@value #MIN_OPSET}, {@value #MAX_OPSET}].
   * @throws OnnxFormatException naming the file: missing, too large, not protobuf (e.g. truncated),
   *     no graph, an IR version or opset outside the range read.
   */
  public static ModelProto read(Path file) throws IOException {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new OnnxFormatException(file + ": no such file");
    }
    if (size > MAX_FILE_BYTES) {
      throw new OnnxFormatException(
          file
              + ": "
              + size
              + " bytes, above the "
              + MAX_FILE_BYTES
              + "-byte limit for an MLP policy (is it a vision model, or with external data?)");
    }
    byte[] bytes = Files.readAllBytes(file);
    ModelProto model;
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      in.setRecursionLimit(32);
      model = ModelProto.parseFrom(in);
      in.checkLastTagWas(0);
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxFormatException(
          file + ": not a readable ONNX model (truncated, or not protobuf): " + firstSentence(e));
    }
    if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
      throw new OnnxFormatException(
          file + ": not an ONNX model (no graph, or a graph without nodes)");
    }
    if (model.getIrVersion() < 3 || model.getIrVersion() > MAX_IR_VERSION) {
      throw new OnnxFormatException(
          file
              + ": ONNX IR version "
              + model.getIrVersion()
              + " is not supported (Reflex reads IR versions 3 to "
              + MAX_IR_VERSION
              + ")");
    }
    long opset = defaultOpset(model);
    if (opset < 0) {
      throw new OnnxFormatException(
          file + ": the model imports no opset of the default ONNX domain (ai.onnx)");
    }
    if (opset < MIN_OPSET || opset > MAX_OPSET) {
      throw new OnnxFormatException(
          file
              + ": opset ai.onnx "
              + opset
              + " is not supported (Reflex reads opsets "
              + MIN_OPSET
              + " to "
              + MAX_OPSET
              + "; re-export with e.g. torch.onnx.export(..., opset_version=17))");
    }
    return model;
  }

  /** The default domain's opset version, or -1 if the model does not import it. */
  public static long defaultOpset(ModelProto model) {
    long version = -1;
    for (OperatorSetIdProto id : model.getOpsetImportList()) {
      if (id.getDomain().isEmpty() || id.getDomain().equals("ai.onnx")) {
        version = Math.max(version, id.getVersion());
      }
    }
    return version;
  }

  /** Writes {@code model} to {@code file} atomically ({@link AtomicFiles}). */
  public static void write(Path file, ModelProto model) throws IOException {
    AtomicFiles.write(file, model.toByteArray());
  }

  private static String firstSentence(Exception e) {
    String m = String.valueOf(e.getMessage());
    int dot = m.indexOf(". ");
    return dot > 0 ? m.substring(0, dot) : m;
  }
}
