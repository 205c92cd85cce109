package dev.reflex.finetune;

import dev.reflex.learning.Checkpoint;
import dev.reflex.learning.Learner;
import dev.reflex.learning.ReplayBuffer;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Checkpoints in one directory, kept as the last N valid ones: {@code
 * checkpoint-<seq>.safetensors}, each written atomically (temp file, fsync, rename), so a crash
 * leaves either the previous set or the new one, never a half-written file under a checkpoint name.
 *
 * <ul>
 *   <li>At construction, temp files a killed write left ({@code .checkpoint-*.safetensors.*.tmp})
 *       are deleted, with one line saying how many and how large.
 *   <li>Only regular files count: anything else under a checkpoint name (a FIFO, a directory) is
 *       skipped with a warning, never opened (opening a FIFO would block start-up).
 *   <li>{@link #newestValid} walks from the newest down; a file that fails to load (truncated,
 *       damaged data, header or metadata: the content hash) is moved aside into {@code damaged/}
 *       with a warning, and the next older one is tried.
 *   <li>After each write, the newest {@code keep} files that load are kept; damaged ones are moved
 *       aside (they never count against {@code keep}), older valid ones deleted.
 * </ul>
 *
 * <p>Threading: the learner thread only.
 */
public final class CheckpointRotation implements CheckpointSink {
  private static final String PREFIX = "checkpoint-";
  private static final String SUFFIX = ".safetensors";

  /** Subdirectory damaged checkpoints are moved into. */
  public static final String DAMAGED_DIR = "damaged";

  private final Path dir;
  private final int keep;
  private final Consumer<String> warn;
  private long nextSeq;
  private Map<String, String> stamp = Map.of();

  /**
   * As {@link #CheckpointRotation(Path, int, Consumer)} with warnings on standard error.
   *
   * @param dir created if missing
   * @param keep how many to keep (≥ 1)
   */
  public CheckpointRotation(Path dir, int keep) throws IOException {
    this(dir, keep, line -> System.err.println("reflex: " + line));
  }

  /**
   * @param dir created if missing
   * @param keep how many valid checkpoints to keep (≥ 1)
   * @param warn receives one line per cleaned-up temp file set, skipped or damaged file
   */
  public CheckpointRotation(Path dir, int keep, Consumer<String> warn) throws IOException {
    if (keep < 1) {
      throw new IllegalArgumentException("checkpoint keep must be >= 1, got " + keep);
    }
    this.dir = dir;
    this.keep = keep;
    this.warn = warn;
    Files.createDirectories(dir);
    removeTempFiles();
    long highest = 0;
    for (Path d : List.of(dir, dir.resolve(DAMAGED_DIR))) {
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(d, PREFIX + "*" + SUFFIX)) {
        for (Path p : ds) {
          highest = Math.max(highest, seq(p)); // damaged and non-regular too: never reused
        }
      }
    }
    nextSeq = highest + 1;
  }

  private void removeTempFiles() throws IOException {
    int count = 0;
    long bytes = 0;
    try (DirectoryStream<Path> ds =
        Files.newDirectoryStream(dir, "." + PREFIX + "*" + SUFFIX + ".*.tmp")) {
      for (Path p : ds) {
        if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          bytes += Files.size(p);
          Files.deleteIfExists(p);
          count++;
        }
      }
    }
    if (count > 0) {
      warn.accept(
          "removed "
              + count
              + " temp file(s) ("
              + bytes
              + " bytes) left in "
              + dir
              + " by checkpoint writes that were killed");
    }
  }

  @Override
  public String write(Learner learner, ReplayBuffer replay, long actorVersion) throws IOException {
    Path target = dir.resolve(String.format("%s%08d%s", PREFIX, nextSeq, SUFFIX));
    Checkpoint.Writer w =
        Checkpoint.writer(learner)
            .replay(replay)
            .metadata("reflex.actor_version", Long.toString(actorVersion))
            .metadata("reflex.written_at_ms", Long.toString(System.currentTimeMillis()));
    stamp.forEach(w::metadata);
    w.build().write(target);
    nextSeq++;
    List<Path> all = list();
    int valid = 0;
    for (int i = all.size() - 1; i >= 0; i--) {
      Path p = all.get(i);
      if (valid >= keep) {
        Files.deleteIfExists(p);
        continue;
      }
      try {
        Checkpoint.read(p);
        valid++;
      } catch (IOException | RuntimeException e) {
        Path to = moveAside(p);
        warn.accept("checkpoint " + p + " is damaged (" + e.getMessage() + "): moved to " + to);
      }
    }
    return target.getFileName().toString();
  }

  private Path moveAside(Path p) throws IOException {
    Path damaged = dir.resolve(DAMAGED_DIR);
    Files.createDirectories(damaged);
    Path to = damaged.resolve(p.getFileName());
    Files.move(p, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return to;
  }

  /**
   * The newest checkpoint that loads, skipping (and reporting) corrupt ones.
   *
   * @param warn receives one line per skipped file
   */
  public Optional<LoadedCheckpoint> newestValid(Consumer<String> warn) throws IOException {
    List<Path> all = list(warn);
    for (int i = all.size() - 1; i >= 0; i--) {
      Path p = all.get(i);
      try {
        Checkpoint c = Checkpoint.read(p);
        if (!c.metadata().containsKey(dev.reflex.format.Safetensors.KEY_CONTENT_SHA256)) {
          warn.accept(
              "checkpoint "
                  + p
                  + " has no content hash (written by an earlier version): header not verified");
        }
        return Optional.of(new LoadedCheckpoint(p, c));
      } catch (IOException | RuntimeException e) {
        Path to = moveAside(p);
        warn.accept("skipping checkpoint " + p + ": " + e.getMessage() + "; moved to " + to);
      }
    }
    return Optional.empty();
  }

  /** Regular checkpoint files in sequence order (oldest first); others skipped with a warning. */
  public List<Path> list() throws IOException {
    return list(warn);
  }

  private List<Path> list(Consumer<String> warnTo) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
      for (Path p : ds) {
        if (seq(p) < 0) {
          continue;
        }
        if (!Files.isRegularFile(p)) {
          warnTo.accept("skipping " + p + ": not a regular file (a FIFO, device or directory)");
          continue;
        }
        out.add(p);
      }
    }
    out.sort(Comparator.comparingLong(CheckpointRotation::seq));
    return out;
  }

  private static long seq(Path p) {
    String n = p.getFileName().toString();
    try {
      return Long.parseLong(n.substring(PREFIX.length(), n.length() - SUFFIX.length()));
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** Metadata written into every following checkpoint (the {@link Lineage}). */
  public void stamp(Map<String, String> metadata) {
    this.stamp = Map.copyOf(metadata);
  }

  /** The directory. */
  public Path dir() {
    return dir;
  }

  /** A checkpoint file and its parsed content. */
  public record LoadedCheckpoint(Path path, Checkpoint checkpoint) {}
}
