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
    super(oneLine(source + ": " + problem));
  }

  /** As {@link #SafetensorsFormatException(String, String)}, keeping the underlying cause. */
  public SafetensorsFormatException(String source, String problem, Throwable cause) {
    super(oneLine(source + ": " + problem), cause);
  }

  /**
   * The message on one line: a parser's message may carry a second line (Jackson's {@code [Source:
   * ...]} location), which is cut, and other line breaks become spaces.
   */
  static String oneLine(String message) {
    int source = message.indexOf("\n at [Source:");
    String m = source >= 0 ? message.substring(0, source) : message;
    return m.replace("\r", " ").replace("\n", " ");
  }
}
