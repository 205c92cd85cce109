package dev.reflex.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Replaces a file atomically: readers (and a crash at any point) see either the old content or the
 * new one, never a partial file. Every checkpoint and exported actor is written this way.
 *
 * <p>Steps: write a temporary file in the target's directory, {@code FileChannel.force(true)},
 * rename it over the target with {@code ATOMIC_MOVE}, then fsync the directory so the rename itself
 * is durable. On any failure the temporary file is deleted and the target is untouched.
 *
 * <p>Threading: any thread; concurrent writers of the same target each succeed atomically, the last
 * rename wins.
 */
public final class AtomicFiles {

  /** Writes the new content to a stream; may fail with an exception to abort the replacement. */
  @FunctionalInterface
  public interface ContentWriter {
    /**
     * Writes the whole content.
     *
     * @param out the temporary file, buffered by the caller if needed. Modified.
     */
    void writeTo(OutputStream out) throws IOException;
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private AtomicFiles() {}

  /** Replaces {@code target} with {@code content}. */
  public static void write(Path target, byte[] content) throws IOException {
    write(
        target,
        out -> {
          out.write(content);
        });
  }

  /**
   * Replaces {@code target} with what {@code writer} writes. If the writer throws, the target is
   * left as it was and the exception propagates.
   */
  public static void write(Path target, ContentWriter writer) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    // Not Files.createTempFile: that makes the file owner-only (0600); this keeps the umask.
    Path tmp =
        dir.resolve(
            "." + absolute.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
    FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    boolean moved = false;
    try {
      try (ch) {
        OutputStream out = Channels.newOutputStream(ch);
        writer.writeTo(out);
        out.flush();
        ch.force(true);
      }
      Files.move(
          tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
      forceDirectory(dir);
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Makes a rename in {@code dir} durable (POSIX); a no-op where directories cannot be opened. */
  private static void forceDirectory(Path dir) throws IOException {
    if (System.getProperty("os.name", "").startsWith("Windows")) {
      return; // NTFS journals the rename; directories cannot be opened as channels there.
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
