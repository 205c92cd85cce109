package dev.reflex.format;

import java.io.IOException;

/**
 * A file that is not a valid safetensors file, or not a valid Reflex file on top of it (actor
 * layout, metadata, checksum). The message names the file and what is wrong.
 */
public final class SafetensorsFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** An error in {@code source} (a file name or a description of an in-memory buffer). */
  public SafetensorsFormatException(String source, String problem) {
    super(source + ": " + problem);
  }

  /** As {@link #SafetensorsFormatException(String, String)}, keeping the underlying cause. */
  public SafetensorsFormatException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
  }
}
