package dev.reflex.trainer.onnx;

import java.io.IOException;

/**
 * An ONNX file Reflex cannot read or cannot turn into an actor. The message is one line that starts
 * with the file name and says what is wrong and, where there is one, the next step.
 */
public final class OnnxFormatException extends IOException {
  /** An exception with a one-line {@code message}. */
  public OnnxFormatException(String message) {
    super(message);
  }
}
